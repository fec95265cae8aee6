package dev.baton.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Scrape;
import dev.baton.testing.StandardWebhooksVerifier;
import dev.baton.testing.WebhookReceiver;
import dev.baton.testing.WebhookReceiver.Reply;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * How deliveries go against a real receiver on loopback: retries with one {@code webhook-id}, what is not retried,
 * {@code Retry-After}, redirects, the 1 KB kept, rotation, redelivery and disabling after failures.
 */
class WebhookDeliveryTest extends WebhookTest {

    @Autowired
    private WorkflowClient workflows;

    @Autowired
    private DataSource dataSource;

    private record Sent(String webhookId, String secret, String deliveryId, String eventId) {
    }

    /** A webhook to the receiver and one test event to it. */
    private Sent sendTestEvent() {
        JsonNode webhook = create(receiver.url("/hook"), List.of("execution.completed"));
        return testEvent(webhook.path("id").asString(), webhook.path("secret").asString());
    }

    private Sent testEvent(String webhookId, String secret) {
        var test = user.post("/api/v1/webhooks/" + webhookId + "/test", Map.of());
        assertThat(test.status()).as(test.toString()).isEqualTo(202);
        return new Sent(webhookId, secret, test.json().path("id").asString(), test.json().path("eventId").asString());
    }

    @Test
    void aReceiverThatFailsTwiceThenAnswersGetsThreeAttemptsWithOneWebhookId() {
        AtomicInteger calls = new AtomicInteger();
        receiver.respond(r -> switch (calls.incrementAndGet()) {
            case 1 -> Reply.of(500, "boom");
            case 2 -> Reply.of(503);
            default -> Reply.of(200, "thanks");
        });
        Scrape before = Scrape.of(admin);

        Sent sent = sendTestEvent();
        JsonNode delivery = awaitFinished(sent.webhookId(), sent.deliveryId());

        assertThat(delivery.path("status").asString()).isEqualTo("delivered");
        assertThat(delivery.path("attempts").asInt()).isEqualTo(3);
        assertThat(delivery.path("lastHttpStatus").asInt()).isEqualTo(200);
        assertThat(delivery.path("lastResponse").asString()).isEqualTo("thanks");
        assertThat(delivery.has("lastError")).isFalse();
        assertThat(delivery.has("nextRetryAt")).isFalse();
        List<WebhookReceiver.Received> requests = receiver.received();
        assertThat(requests).hasSize(3).extracting(WebhookReceiver.Received::webhookId).containsOnly(sent.eventId());
        assertThat(requests).extracting(WebhookReceiver.Received::body).containsOnly(requests.getFirst().body());
        assertThat(requests).allSatisfy(r -> assertThat(StandardWebhooksVerifier.verifies(sent.secret(),
                r.webhookId(), r.header("webhook-timestamp"), r.body(), r.header("webhook-signature"))).isTrue());
        Scrape after = Scrape.of(admin);
        assertThat(after.minus(before, "baton_webhook_deliveries_total", "outcome=\"retrying\"")).isEqualTo(2);
        assertThat(after.minus(before, "baton_webhook_deliveries_total", "outcome=\"delivered\"")).isEqualTo(1);
        assertThat(after.minus(before, "baton_webhook_delivery_latency_seconds_count", "outcome=\"delivered\""))
                .isEqualTo(1);
    }

    @Test
    void aGoneReceiverIsNotRetried() {
        receiver.respond(r -> Reply.of(410, "gone"));

        Sent sent = sendTestEvent();
        JsonNode delivery = awaitFinished(sent.webhookId(), sent.deliveryId());

        assertThat(delivery.path("status").asString()).isEqualTo("failed");
        assertThat(delivery.path("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.path("lastHttpStatus").asInt()).isEqualTo(410);
        assertThat(delivery.path("lastError").asString()).isEqualTo("HTTP 410");
        // The delivery's workflow has ended: no attempt can follow.
        await().atMost(Duration.ofSeconds(30)).until(() -> workflowStatus(sent.deliveryId())
                == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);
        assertThat(receiver.received()).hasSize(1);
        assertThat(user.get("/api/v1/webhooks/" + sent.webhookId()).json().path("consecutiveFailures").asInt())
                .isEqualTo(1);
    }

    @Test
    void aTooManyRequestsAnswerIsRetriedAfterItsRetryAfter() {
        AtomicInteger calls = new AtomicInteger();
        receiver.respond(r -> calls.incrementAndGet() == 1
                ? new Reply(429, Map.of("Retry-After", "4"), "slow down") : Reply.of(204));

        Sent sent = sendTestEvent();
        JsonNode waiting = await().atMost(Duration.ofSeconds(30)).until(
                () -> delivery(sent.webhookId(), sent.deliveryId()),
                d -> d.path("attempts").asInt() == 1);
        JsonNode delivery = awaitFinished(sent.webhookId(), sent.deliveryId());

        assertThat(waiting.path("status").asString()).isEqualTo("pending");
        assertThat(waiting.path("lastHttpStatus").asInt()).isEqualTo(429);
        assertThat(waiting.path("nextRetryAt").asString()).isNotEmpty();
        assertThat(delivery.path("status").asString()).isEqualTo("delivered");
        List<WebhookReceiver.Received> requests = receiver.received();
        assertThat(requests).hasSize(2);
        // Without Retry-After the back-off here is 1 s; the second attempt came no sooner than the 4 s asked for.
        assertThat(Duration.between(requests.get(0).at(), requests.get(1).at())).isGreaterThan(Duration.ofMillis(3900));
    }

    @Test
    void aRedirectIsNotFollowedAndOnlyTheFirstKilobyteOfAnAnswerIsKept() {
        receiver.respond(r -> r.path().equals("/hook")
                ? new Reply(302, Map.of("Location", receiver.url("/elsewhere")), "") : Reply.of(200));
        Sent redirected = sendTestEvent();
        JsonNode failed = awaitFinished(redirected.webhookId(), redirected.deliveryId());

        assertThat(failed.path("status").asString()).isEqualTo("failed");
        assertThat(failed.path("lastHttpStatus").asInt()).isEqualTo(302);
        assertThat(failed.path("lastError").asString()).contains("redirects", "/elsewhere", "not followed");
        assertThat(receiver.received()).extracting(WebhookReceiver.Received::path).containsExactly("/hook");

        receiver.respond(r -> Reply.of(200, "é".repeat(1000) + "x".repeat(3000)));
        Sent chatty = testEvent(redirected.webhookId(), redirected.secret());
        JsonNode delivered = awaitFinished(chatty.webhookId(), chatty.deliveryId());

        assertThat(delivered.path("status").asString()).isEqualTo("delivered");
        // 1024 bytes of a 2-byte character: 512 characters, none of the x's.
        assertThat(delivered.path("lastResponse").asString()).isEqualTo("é".repeat(512));
    }

    @Test
    void afterARotationDeliveriesCarryBothSignatures() {
        JsonNode webhook = create(receiver.url("/hook"), List.of("execution.completed"));
        String id = webhook.path("id").asString();
        String oldSecret = webhook.path("secret").asString();

        var rotated = user.post("/api/v1/webhooks/" + id + "/secret/rotate", Map.of());
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        String newSecret = rotated.json().path("secret").asString();
        assertThat(newSecret).startsWith("whsec_").isNotEqualTo(oldSecret);
        assertThat(rotated.json().path("previousSecretExpiresAt").asString()).isNotEmpty();
        assertThat(user.get("/api/v1/webhooks/" + id).json().has("secret")).isFalse();

        Sent sent = testEvent(id, newSecret);
        awaitFinished(id, sent.deliveryId());

        var request = receiver.received(sent.eventId()).getFirst();
        String signature = request.header("webhook-signature");
        assertThat(signature.split(" ")).hasSize(2).allMatch(s -> s.startsWith("v1,"));
        for (String secret : List.of(oldSecret, newSecret)) {
            assertThat(StandardWebhooksVerifier.verifies(secret, sent.eventId(), request.header("webhook-timestamp"),
                    request.body(), signature)).as(secret.equals(newSecret) ? "new" : "old").isTrue();
            for (String one : signature.split(" ")) {
                // Each signature alone verifies with exactly one of the two secrets.
                assertThat(StandardWebhooksVerifier.verifies(secret, sent.eventId(),
                        request.header("webhook-timestamp"), request.body(), one))
                        .isEqualTo(one.equals(signature.split(" ")[secret.equals(newSecret) ? 0 : 1]));
            }
        }
    }

    @Test
    void aRedeliverySendsTheSameEventAgain() {
        receiver.respond(r -> Reply.of(400, "bad"));
        Sent sent = sendTestEvent();
        assertThat(awaitFinished(sent.webhookId(), sent.deliveryId()).path("status").asString())
                .isEqualTo("failed");

        receiver.respond(r -> Reply.of(200));
        String path = "/api/v1/webhooks/" + sent.webhookId() + "/deliveries/" + sent.deliveryId() + "/redeliver";
        var again = user.post(path, Map.of());
        assertThat(again.status()).as(again.toString()).isEqualTo(202);
        assertThat(again.json().path("status").asString()).isEqualTo("pending");
        JsonNode delivery = awaitFinished(sent.webhookId(), sent.deliveryId());

        assertThat(delivery.path("status").asString()).isEqualTo("delivered");
        assertThat(delivery.path("attempts").asInt()).isEqualTo(2);
        List<WebhookReceiver.Received> requests = receiver.received(sent.eventId());
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1).body()).isEqualTo(requests.get(0).body());
        assertThat(deliveries(sent.webhookId())).hasSize(1);
        assertThat(user.post("/api/v1/webhooks/" + sent.webhookId() + "/deliveries/" + java.util.UUID.randomUUID()
                + "/redeliver", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void fiveFailedEventsInARowDisableTheWebhookAndAnAdminSeesWhy() {
        receiver.respond(r -> Reply.of(404, "no such hook"));
        JsonNode webhook = create(receiver.url("/hook"), List.of("execution.completed"));
        String id = webhook.path("id").asString();
        for (int i = 1; i <= 5; i++) {
            Sent sent = testEvent(id, webhook.path("secret").asString());
            assertThat(awaitFinished(id, sent.deliveryId()).path("status").asString())
                    .isEqualTo("failed");
            assertThat(user.get("/api/v1/webhooks/" + id).json().path("enabled").asBoolean()).isEqualTo(i < 5);
        }

        JsonNode seen = admin.get("/api/v1/webhooks/" + id).json();
        assertThat(seen.path("enabled").asBoolean()).isFalse();
        assertThat(seen.path("consecutiveFailures").asInt()).isEqualTo(5);
        assertThat(seen.path("disabledReason").asString()).contains("5 failed events in a row", "HTTP 404");
        assertThat(seen.path("disabledAt").asString()).isNotEmpty();
        assertThat(admin.get("/api/v1/webhooks?size=100").json().path("items").valueStream()
                .map(w -> w.path("id").asString())).contains(id);
        assertThat(user.post("/api/v1/webhooks/" + id + "/test", Map.of()).status()).isEqualTo(409);

        var enabled = user.send("PATCH", "/api/v1/webhooks/" + id, "{\"enabled\":true}", "application/json");
        assertThat(enabled.json().path("enabled").asBoolean()).isTrue();
        assertThat(enabled.json().path("consecutiveFailures").asInt()).isZero();
        assertThat(enabled.json().has("disabledReason")).isFalse();
    }

    @Test
    void aSecretSealedWithAnotherKeyIsRetriedNamingTheKeyUntilASecretThisNodeCanOpenIsThere() {
        JsonNode webhook = create(receiver.url("/hook"), List.of("execution.completed"));
        String id = webhook.path("id").asString();
        // As a node whose BATON_WEBHOOKS_ENCRYPTION_KEY differs from the one that sealed the secret sees it.
        new JdbcTemplate(dataSource).update("update webhooks set secret = 'v1:0badc0de:AAAA' where id = ?::uuid", id);

        Sent sent = testEvent(id, null);
        JsonNode waiting = await().atMost(Duration.ofSeconds(30)).until(
                () -> delivery(id, sent.deliveryId()), d -> d.path("attempts").asInt() >= 1);

        assertThat(waiting.path("status").asString()).isEqualTo("pending");
        assertThat(waiting.path("lastError").asString()).startsWith("cannot sign: ")
                .contains("0badc0de", "BATON_WEBHOOKS_ENCRYPTION_KEY");
        assertThat(receiver.received()).isEmpty();

        String secret = user.post("/api/v1/webhooks/" + id + "/secret/rotate", Map.of()).json().path("secret")
                .asString();
        assertThat(awaitFinished(id, sent.deliveryId()).path("status").asString())
                .isEqualTo("delivered");
        var request = receiver.received().getFirst();
        assertThat(StandardWebhooksVerifier.verifies(secret, sent.eventId(), request.header("webhook-timestamp"),
                request.body(), request.header("webhook-signature"))).isTrue();
    }

    private WorkflowExecutionStatus workflowStatus(String deliveryId) {
        return workflows.newUntypedWorkflowStub(DeliveryDispatcher.workflowId(java.util.UUID.fromString(deliveryId)))
                .describe().getWorkflowExecutionInfo().getStatus();
    }
}
