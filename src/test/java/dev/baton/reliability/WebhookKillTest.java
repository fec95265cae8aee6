package dev.baton.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import dev.baton.support.SeparateJvms;
import dev.baton.testing.StandardWebhooksVerifier;
import dev.baton.testing.WebhookReceiver;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import tools.jackson.databind.JsonNode;

/**
 * The zero set-up Baton is killed with {@code kill -9} after an execution ended and while its event is on its way
 * to the receiver (the receiver holds the request unanswered). Started again on its data directory, with an
 * embedded Temporal server that remembers nothing, it delivers the event from its outbox, with the same
 * {@code webhook-id} and body, signed with the same secret.
 */
@SeparateJvms
class WebhookKillTest {

    private static final Path FAKE_CLAUDE = Path.of(System.getProperty("user.dir"), "src/test/scripts/fake-claude");
    private static final Map<String, String> SETTINGS = Map.of("BATON_WEBHOOKS_ALLOW_PRIVATE_NETWORKS", "true",
            "BATON_WEBHOOKS_RETRY_INITIAL_INTERVAL", "1s", "BATON_WEBHOOKS_RETRY_MAXIMUM_INTERVAL", "2s");

    private final Path root = IntegrationTest.tempDir("baton-webhook-kill9-");
    private final Path dataDir = root.resolve("data");
    private final WebhookReceiver receiver = WebhookReceiver.start();
    private final CountDownLatch released = new CountDownLatch(1);
    private EmbeddedNode node;

    @RegisterExtension
    final TestWatcher logsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            EmbeddedNode.printTail(root.resolve("baton.log"));
        }
    };

    @AfterEach
    void leaveNothingBehind() {
        released.countDown();
        if (node != null) {
            node.stop();
        }
        receiver.close();
        LocalProcesses.killStartedUnder(dataDir);
    }

    @Test
    void anEventOnItsWayWhenBatonIsKilledIsDeliveredAfterTheRestartWithTheSameWebhookId() throws IOException {
        // The first request is held unanswered for as long as the test runs: Baton dies waiting for it.
        AtomicBoolean first = new AtomicBoolean(true);
        receiver.respond(request -> {
            if (first.getAndSet(false)) {
                hold(released);
            }
            return WebhookReceiver.Reply.of(204);
        });
        Path log = root.resolve("baton.log");
        node = EmbeddedNode.start(dataDir, FAKE_CLAUDE, log, SETTINGS);
        node.awaitReady();
        Api before = node.api;
        JsonNode webhook = before.post("/api/v1/webhooks", Map.of("url", receiver.url("/hook"),
                "events", List.of("execution.completed"))).json();
        String webhookId = webhook.path("id").asString();
        String taskId = before.post("/api/v1/tasks", Map.of("name", "kill9-hook-" + UUID.randomUUID(),
                "promptTemplate", "notify me")).json().path("id").asString();
        String executionId = before.post("/api/v1/tasks/" + taskId + "/execute", Map.of()).json()
                .path("executionId").asString();
        await("the completed event reaching the receiver").atMost(Duration.ofSeconds(60))
                .until(() -> receiver.received().size() == 1);
        String status = before.get("/api/v1/executions/" + executionId).json().path("status").asString();
        JsonNode pending = before.get("/api/v1/webhooks/" + webhookId + "/deliveries").json().path("items").get(0);

        node.kill9();
        node = EmbeddedNode.start(dataDir, FAKE_CLAUDE, log, SETTINGS);
        node.awaitReady();
        Api after = node.api;
        JsonNode delivered = await("the delivery after the restart").atMost(Duration.ofSeconds(90)).until(
                () -> after.get("/api/v1/webhooks/" + webhookId + "/deliveries").json().path("items").get(0),
                d -> !d.path("status").asString().equals("pending"));

        List<WebhookReceiver.Received> requests = receiver.received();
        Report.of("webhook-kill9-restart")
                .put("executionStatusBeforeKill", status)
                .put("deliveryBeforeKill", pending.path("status").asString())
                .put("deliveryAfterRestart", delivered.path("status").asString())
                .put("requests", requests.size())
                .put("distinctWebhookIds", requests.stream().map(WebhookReceiver.Received::webhookId).distinct().count())
                .print();
        assertThat(status).isEqualTo("completed");
        assertThat(pending.path("status").asString()).isEqualTo("pending");
        assertThat(delivered.path("status").asString()).isEqualTo("delivered");
        assertThat(delivered.path("id").asString()).isEqualTo(pending.path("id").asString());
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).webhookId()).isEqualTo(requests.get(0).webhookId())
                .isEqualTo(delivered.path("eventId").asString());
        assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
        assertThat(requests.get(1).json().path("data").path("id").asString()).isEqualTo(executionId);
        String secret = webhook.path("secret").asString();
        assertThat(requests).allSatisfy(r -> assertThat(StandardWebhooksVerifier.verifies(secret, r.webhookId(),
                r.header("webhook-timestamp"), r.body(), r.header("webhook-signature"))).isTrue());
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await(5, TimeUnit.MINUTES);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
