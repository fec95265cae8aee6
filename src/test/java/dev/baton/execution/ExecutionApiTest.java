package dev.baton.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.reliability.LocalProcesses;
import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Task executions through REST on the embedded Temporal server and PostgreSQL, with the fake CLI. */
class ExecutionApiTest extends IntegrationTest {

    private Api user;

    @BeforeEach
    void user() {
        user = newUser();
    }

    private String task(String template, Map<String, Object> extra) {
        var body = new java.util.HashMap<String, Object>(Map.of("name", "t-" + UUID.randomUUID(),
                "promptTemplate", template, "retry", Map.of("maxAttempts", 2, "initialIntervalSeconds", 1)));
        body.putAll(extra);
        var created = user.post("/api/v1/tasks", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    private JsonNode awaitStatus(String executionId, String status) {
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> user.get("/api/v1/executions/" + executionId).json(),
                e -> e.path("status").asString().equals(status));
    }

    @Test
    void executeAnswers202AtOnceThenTheExecutionCompletes() {
        String taskId = task("Say {{word}} to {{name}}", Map.of("variables", Map.of("word", "hello", "name", "x")));

        var accepted = user.post("/api/v1/tasks/" + taskId + "/execute", Map.of("variables", Map.of("name", "Ada")));

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        JsonNode body = accepted.json();
        String id = body.path("executionId").asString();
        assertThat(body.path("status").asString()).isIn("queued", "running");
        assertThat(body.path("workflowId").asString()).isEqualTo("execution-" + id);
        assertThat(body.path("runId").asString()).isNotBlank();
        assertThat(body.path("links").path("self").asString()).isEqualTo("/api/v1/executions/" + id);
        assertThat(body.path("links").path("temporalUi").asString()).contains("execution-" + id);

        JsonNode done = awaitStatus(id, "completed");
        assertThat(done.path("response").asString()).isEqualTo("Echo: Say hello to Ada");
        assertThat(done.path("triggerType").asString()).isEqualTo("manual");
        assertThat(done.path("attempt").asInt()).isEqualTo(1);
        assertThat(done.path("costUsd").isNumber()).isTrue();
        assertThat(done.path("startedAt").isString()).isTrue();
        assertThat(done.path("completedAt").isString()).isTrue();
        assertThat(done.has("progress")).isFalse();

        String sessionId = done.path("sessionId").asString();
        List<JsonNode> messages = user.get("/api/v1/sessions/" + sessionId + "/messages").json().valueStream().toList();
        assertThat(messages).isNotEmpty().allMatch(m -> m.path("attempt").asInt() == 1);
        assertThat(messages.getFirst().path("text").asString()).isEqualTo("Say hello to Ada");

        JsonNode history = user.get("/api/v1/executions/" + id + "/history").json();
        assertThat(history.path("source").asString()).isEqualTo("temporal");
        assertThat(history.path("runId").asString()).isEqualTo(done.path("runId").asString());
        List<String> events = history.path("events").valueStream().map(e -> e.path("type").asString()).toList();
        assertThat(events).contains("workflow_execution_started", "activity_task_scheduled",
                "activity_task_completed", "workflow_execution_completed");
        assertThat(user.get("/api/v1/tasks/" + taskId + "/executions").json().path("items").get(0)
                .path("id").asString()).isEqualTo(id);
    }

    @Test
    void permanentErrorFailsAfterOneAttempt() {
        String taskId = task("[[scenario:error401]]", Map.of());

        String id = user.post("/api/v1/tasks/" + taskId + "/execute", Map.of()).json().path("executionId").asString();

        JsonNode failed = awaitStatus(id, "failed");
        assertThat(failed.path("attempt").asInt()).isEqualTo(1);
        JsonNode error = failed.path("error");
        assertThat(error.path("type").asString()).isEqualTo("authentication");
        assertThat(error.path("message").asString()).contains("ANTHROPIC_API_KEY").doesNotContain("Fix external");
        assertThat(error.path("cliMessage").asString()).isEqualTo("Invalid API key · Fix external API key");
        assertThat(error.path("apiStatus").asInt()).isEqualTo(401);
    }

    @Test
    void aFailedExecutionKeepsTheCostAndUsageItsTurnReported() {
        String taskId = task("[[scenario:maxturns]]", Map.of("maxTurns", 2));

        String id = user.post("/api/v1/tasks/" + taskId + "/execute", Map.of()).json().path("executionId").asString();

        JsonNode failed = awaitStatus(id, "failed");
        assertThat(failed.path("error").path("type").asString()).isEqualTo("max_turns");
        // The fake's result line says total_cost_usd 0.000123 and input_tokens 12, as the real CLI's would.
        assertThat(failed.path("costUsd").decimalValue()).isEqualByComparingTo("0.000123");
        assertThat(failed.path("usage").path("input_tokens").asInt()).isEqualTo(12);
        assertThat(failed.path("durationMs").isNumber()).isTrue();
    }

    @Test
    void transientErrorIsRetriedByPolicyAndEachAttemptKeepsItsMessages() {
        String taskId = task("[[scenario:crash]]", Map.of());

        String id = user.post("/api/v1/tasks/" + taskId + "/execute", Map.of()).json().path("executionId").asString();

        JsonNode failed = awaitStatus(id, "failed");
        assertThat(failed.path("attempt").asInt()).isEqualTo(2);
        assertThat(failed.path("error").path("type").asString()).isEqualTo("cli_crashed");
        var attempts = user.get("/api/v1/sessions/" + failed.path("sessionId").asString() + "/messages").json()
                .valueStream().map(m -> m.path("attempt").asInt()).distinct().toList();
        assertThat(attempts).containsExactly(1, 2);
    }

    @Test
    void cancellingARunningExecutionKillsTheCliAndEndsCancelled() {
        String taskId = task("[[scenario:gate]]", Map.of());
        String id = user.post("/api/v1/tasks/" + taskId + "/execute", Map.of()).json().path("executionId").asString();
        JsonNode running = awaitStatus(id, "running");
        String sessionId = running.path("sessionId").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> configDir(sessionId).resolve("fake-claude-stdin.txt").toFile().exists());
        assertThat(running.path("progress").path("phase").asString()).isEqualTo("running");

        var cancel = user.post("/api/v1/executions/" + id + "/cancel", Map.of());

        assertThat(cancel.status()).isEqualTo(202);
        JsonNode cancelled = awaitStatus(id, "cancelled");
        assertThat(cancelled.path("error").path("type").asString()).isEqualTo("cancelled");
        assertThat(processesOf(sessionId)).isZero();
        assertThat(user.post("/api/v1/executions/" + id + "/cancel", Map.of()).status()).isEqualTo(409);
    }

    @Test
    void theSameIdempotencyKeyReturnsTheSameExecution() {
        String taskId = task("once", Map.of());
        String key = UUID.randomUUID().toString();

        var first = user.send("POST", "/api/v1/tasks/" + taskId + "/execute", "{}", "application/json", key);
        var second = user.send("POST", "/api/v1/tasks/" + taskId + "/execute", "{}", "application/json", key);

        assertThat(first.status()).isEqualTo(202);
        assertThat(second.status()).isEqualTo(202);
        assertThat(second.json().path("executionId").asString()).isEqualTo(first.json().path("executionId").asString());
        awaitStatus(first.json().path("executionId").asString(), "completed");
        assertThat(user.get("/api/v1/tasks/" + taskId + "/executions").json().path("totalItems").asLong()).isEqualTo(1);
    }

    @Test
    void syncModeWaitsAndAnswersTheFinalExecution() {
        String taskId = task("sync please", Map.of());

        var reply = user.post("/api/v1/tasks/" + taskId + "/execute", Map.of("executionMode", "sync"));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().path("status").asString()).isEqualTo("completed");
        assertThat(reply.json().path("response").asString()).isEqualTo("Echo: sync please");
    }

    @Test
    void aRepeatedSyncRequestAnswersTheFirstExecutionOnceItEnded() {
        String taskId = task("sync once", Map.of());
        String path = "/api/v1/tasks/" + taskId + "/execute";
        String key = UUID.randomUUID().toString();
        String sync = "{\"executionMode\":\"sync\"}";

        var first = user.send("POST", path, sync, "application/json", key);
        var repeated = user.send("POST", path, sync, "application/json", key);

        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        assertThat(repeated.status()).as(repeated.toString()).isEqualTo(200);
        assertThat(repeated.json().path("id").asString()).isEqualTo(first.json().path("id").asString());
        assertThat(repeated.json().path("status").asString()).isEqualTo("completed");
        assertThat(repeated.json().path("response").asString()).isEqualTo("Echo: sync once");
        assertThat(user.get("/api/v1/tasks/" + taskId + "/executions").json().path("totalItems").asLong()).isEqualTo(1);
    }

    @Test
    void badExecuteRequestsAreRefusedAndStartNothing() {
        String taskId = task("Deploy {{service}} to {{env}}", Map.of());
        String path = "/api/v1/tasks/" + taskId + "/execute";

        var missing = user.post(path, Map.of());
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("detail").asString()).contains("variables", "service", "env");
        var wrongMode = user.post(path, Map.of("variables", Map.of("service", "a", "env", "b"), "executionMode", "later"));
        assertThat(wrongMode.status()).isEqualTo(400);
        assertThat(wrongMode.json().path("detail").asString()).contains("executionMode");
        var notString = user.send("POST", path, "{\"variables\":{\"service\":1,\"env\":\"b\"}}", "application/json");
        assertThat(notString.status()).isEqualTo(400);
        assertThat(notString.json().path("detail").asString()).contains("variables.service");
        assertThat(user.post("/api/v1/tasks/" + UUID.randomUUID() + "/execute", Map.of()).status()).isEqualTo(404);
        assertThat(newUser().post(path, Map.of()).status()).isEqualTo(404);
        assertThat(user.get("/api/v1/executions/" + UUID.randomUUID()).status()).isEqualTo(404);

        assertThat(user.get("/api/v1/tasks/" + taskId + "/executions").json().path("totalItems").asLong()).isZero();
    }

    @Test
    void variablesAreSubstitutedAsPlainText() {
        String taskId = task("Run {{cmd}}", Map.of());

        String id = user.post("/api/v1/tasks/" + taskId + "/execute",
                Map.of("variables", Map.of("cmd", "{{cmd}} $(rm -rf ~) --dangerously-skip-permissions")))
                .json().path("executionId").asString();

        JsonNode done = awaitStatus(id, "completed");
        assertThat(done.path("response").asString())
                .isEqualTo("Echo: Run {{cmd}} $(rm -rf ~) --dangerously-skip-permissions");
    }

    /**
     * The fake CLI of the {@code gate} scenario polls with short sleeps; none may outlive a cancelled turn. Only this
     * session's processes count, wherever they were re-parented: other tests (and checkouts) may be running theirs.
     */
    private long processesOf(String sessionId) {
        return LocalProcesses.startedFor(configDir(sessionId)).size();
    }
}
