package dev.baton.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.testing.StandardWebhooksVerifier;
import dev.baton.testing.WebhookReceiver;
import dev.baton.testing.WebhookReceiver.Reply;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Executions' events reaching a real receiver: their order, their data, and who gets which. */
class WebhookEventsTest extends WebhookTest {

    private static final List<String> ALL = List.of("execution.started", "execution.completed", "execution.failed",
            "execution.cancelled", "execution.timed_out");

    private String task(String template, Map<String, Object> extra) {
        var body = new HashMap<String, Object>(Map.of("name", "t-" + UUID.randomUUID(), "promptTemplate", template,
                "retry", Map.of("maxAttempts", 1)));
        body.putAll(extra);
        var created = user.post("/api/v1/tasks", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    private String execute(String taskId) {
        var accepted = user.post("/api/v1/tasks/" + taskId + "/execute", Map.of());
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted.json().path("executionId").asString();
    }

    private JsonNode awaitEnd(String executionId) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> user.get("/api/v1/executions/" + executionId)
                .json(), e -> !Set.of("queued", "running").contains(e.path("status").asString()));
    }

    /** The deliveries of one execution's events, once none is pending. */
    private List<JsonNode> awaitDeliveries(String webhookId, String executionId, int count) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> deliveries(webhookId).valueStream()
                .filter(d -> executionId.equals(d.path("executionId").asString())).toList(),
                ds -> ds.size() == count && ds.stream().noneMatch(d -> d.path("status").asString().equals("pending")));
    }

    /** The requests that delivered (2xx) the events of one execution, in arrival order. */
    private List<WebhookReceiver.Received> delivered(String executionId, Set<String> okEventIds) {
        return receiver.received().stream()
                .filter(r -> executionId.equals(r.json().path("data").path("id").asString()))
                .filter(r -> okEventIds.contains(r.webhookId()))
                .toList();
    }

    @Test
    void anExecutionsEventsArriveInOrderCarryingTheExecution() {
        // The first attempt at the started event fails, so the completed event is ready long before it is through.
        AtomicBoolean failedOnce = new AtomicBoolean();
        receiver.respond(r -> r.type().equals("execution.started") && failedOnce.compareAndSet(false, true)
                ? Reply.of(503) : Reply.of(200));
        JsonNode webhook = create(receiver.url("/hook"), ALL);
        String webhookId = webhook.path("id").asString();
        String taskId = task("Hello {{who}}", Map.of("variables", Map.of("who", "hooks")));

        String executionId = execute(taskId);
        JsonNode execution = awaitEnd(executionId);
        List<JsonNode> deliveries = awaitDeliveries(webhookId, executionId, 2);

        assertThat(deliveries).extracting(d -> d.path("status").asString()).containsOnly("delivered");
        List<WebhookReceiver.Received> requests = receiver.received();
        assertThat(requests).extracting(WebhookReceiver.Received::type)
                .containsExactly("execution.started", "execution.started", "execution.completed");
        assertThat(requests.get(0).webhookId()).isEqualTo(requests.get(1).webhookId());
        for (var request : requests) {
            assertThat(StandardWebhooksVerifier.verifies(webhook.path("secret").asString(), request.webhookId(),
                    request.header("webhook-timestamp"), request.body(), request.header("webhook-signature"))).isTrue();
        }
        JsonNode started = requests.get(0).json().path("data");
        assertThat(started.path("id").asString()).isEqualTo(executionId);
        assertThat(started.path("status").asString()).isEqualTo("running");
        assertThat(started.path("triggerType").asString()).isEqualTo("manual");
        JsonNode completed = requests.get(2).json();
        assertThat(completed.path("id").asString()).startsWith("evt_").isNotEqualTo(requests.get(0).webhookId());
        // The data is the execution as GET /api/v1/executions/{id} shows it.
        assertThat(completed.path("data")).isEqualTo(execution);
        assertThat(completed.path("data").path("response").asString()).isEqualTo("Echo: Hello hooks");
    }

    @Test
    void failedCancelledAndTimedOutExecutionsSendTheirEvents() {
        JsonNode webhook = create(receiver.url("/hook"), ALL);
        String webhookId = webhook.path("id").asString();
        String failed = execute(task("[[scenario:error401]]", Map.of()));
        String timedOut = execute(task("[[scenario:hang]]", Map.of("timeoutSeconds", 10)));
        String cancelled = execute(task("[[scenario:gate]]", Map.of()));
        await().atMost(Duration.ofSeconds(60)).until(() -> user.get("/api/v1/executions/" + cancelled).json()
                .path("sessionId").asString("").length() > 0);
        assertThat(user.post("/api/v1/executions/" + cancelled + "/cancel", Map.of()).status()).isEqualTo(202);

        Map<String, String> expected = Map.of(failed, "execution.failed", timedOut, "execution.timed_out",
                cancelled, "execution.cancelled");
        for (var entry : expected.entrySet()) {
            JsonNode execution = awaitEnd(entry.getKey());
            List<JsonNode> deliveries = awaitDeliveries(webhookId, entry.getKey(), 2);
            assertThat(deliveries).extracting(d -> d.path("eventType").asString())
                    .containsExactly(entry.getValue(), "execution.started");
            var last = receiver.received().stream().filter(r -> r.type().equals(entry.getValue())).filter(
                    r -> r.json().path("data").path("id").asString().equals(entry.getKey())).findFirst().orElseThrow();
            assertThat(last.json().path("data").path("status").asString()).isEqualTo(execution.path("status").asString());
            assertThat(last.json().path("data").path("error").path("type").asString())
                    .isEqualTo(execution.path("error").path("type").asString()).isNotEmpty();
        }
    }

    @Test
    void aWebhookForOneTaskHearsNothingOfAnother() {
        String mine = task("mine", Map.of());
        String other = task("other", Map.of());
        var created = user.post("/api/v1/webhooks", Map.of("url", receiver.url("/hook"),
                "events", List.of("execution.completed"), "taskId", mine));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String webhookId = created.json().path("id").asString();
        Api stranger = newUser();
        String strangers = stranger.post("/api/v1/tasks", Map.of("name", "s", "promptTemplate", "x")).json()
                .path("id").asString();

        String otherExecution = execute(other);
        String strangerExecution = stranger.post("/api/v1/tasks/" + strangers + "/execute", Map.of()).json()
                .path("executionId").asString();
        awaitEnd(otherExecution);
        await().atMost(Duration.ofSeconds(60)).until(() -> stranger.get("/api/v1/executions/" + strangerExecution)
                .json().path("status").asString().equals("completed"));
        String mineExecution = execute(mine);
        awaitEnd(mineExecution);

        // Events are recorded with the execution's change, so those of the ended executions would be there now.
        List<JsonNode> deliveries = awaitDeliveries(webhookId, mineExecution, 1);
        assertThat(deliveries(webhookId)).hasSize(1);
        assertThat(deliveries.getFirst().path("eventType").asString()).isEqualTo("execution.completed");
        assertThat(receiver.received()).hasSize(1);
    }

    @Test
    void theEventsOfADeletedTasksExecutionAreStillDelivered() {
        AtomicBoolean receiverUp = new AtomicBoolean();
        receiver.respond(r -> receiverUp.get() ? Reply.of(200) : Reply.of(503));
        String webhookId = create(receiver.url("/hook"), List.of("execution.completed"))
                .path("id").asString();
        String taskId = task("doomed", Map.of());
        String executionId = execute(taskId);
        awaitEnd(executionId);
        await().atMost(Duration.ofSeconds(60)).until(() -> !receiver.received().isEmpty());

        assertThat(user.delete("/api/v1/tasks/" + taskId).status()).isEqualTo(204);
        assertThat(user.get("/api/v1/executions/" + executionId).status()).isEqualTo(404);
        receiverUp.set(true);
        List<JsonNode> deliveries = awaitDeliveries(webhookId, executionId, 1);

        assertThat(deliveries.getFirst().path("status").asString()).isEqualTo("delivered");
        var last = receiver.received().getLast();
        assertThat(last.json().path("data").path("id").asString()).isEqualTo(executionId);
        assertThat(last.json().path("data").path("taskId").asString()).isEqualTo(taskId);
    }

    @Test
    void aScheduledRunSendsTheSameEventsWithItsTriggerType() {
        String webhookId = create(receiver.url("/hook"), ALL).path("id").asString();
        String taskId = task("scheduled hello", Map.of());
        String schedule = "/api/v1/tasks/" + taskId + "/schedule";
        assertThat(user.send("PUT", schedule, "{\"cron\":\"0 0 1 1 *\",\"paused\":true}", "application/json")
                .status()).isEqualTo(200);
        assertThat(user.post(schedule + "/trigger", Map.of()).status()).isEqualTo(202);
        String executionId = await().atMost(Duration.ofSeconds(60)).until(
                () -> user.get(schedule).json().path("recentRuns"), runs -> runs.size() == 1).get(0)
                .path("executionId").asString();
        awaitEnd(executionId);

        List<JsonNode> deliveries = awaitDeliveries(webhookId, executionId, 2);

        assertThat(deliveries).extracting(d -> d.path("status").asString()).containsOnly("delivered");
        assertThat(receiver.received()).extracting(WebhookReceiver.Received::type)
                .containsExactly("execution.started", "execution.completed");
        assertThat(receiver.received()).allSatisfy(r ->
                assertThat(r.json().path("data").path("triggerType").asString()).isEqualTo("scheduled"));
        assertThat(user.delete(schedule).status()).isEqualTo(204);
    }
}
