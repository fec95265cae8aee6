package dev.baton.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A CLI that crashes mid-stream or hangs without output: the process tree is killed, Temporal retries the attempt
 * under the task's policy, and no process is left behind. Processes are counted through {@code /proc}, by the
 * {@code CLAUDE_CONFIG_DIR} that Baton gives every CLI of this context's data directory (see
 * {@link LocalProcesses}), so an orphan re-parented away from the JVM is still found.
 */
class CliFailureReliabilityTest extends IntegrationTest {

    @Autowired
    private JdbcTemplate jdbc;

    private Api user;

    @BeforeEach
    void user() {
        user = newUser();
    }

    @Test
    void aCliCrashingMidStreamIsRetriedAndCompletesLeavingNoProcess() {
        int before = processes().size();

        JsonNode done = awaitEnd(execute(task("[[scenario:crash_once]] work", 3, 1800)));
        List<JsonNode> messages = messages(done);
        int after = processes().size();

        Report.of("cli-crash-mid-stream")
                .put("status", done.path("status").asString())
                .put("attempts", done.path("attempt").asInt())
                .put("attemptsWithMessages", attemptsWithMessages(messages))
                .put("firstAttemptFailure", firstAttemptFailure(done))
                .put("cliProcessesBefore", before)
                .put("cliProcessesAfter", after)
                .print();
        assertThat(done.path("status").asString()).as("execution: %s", done).isEqualTo("completed");
        assertThat(done.path("attempt").asInt()).isEqualTo(2);
        assertThat(attemptsWithMessages(messages)).isEqualTo(2);
        assertThat(firstAttemptFailure(done)).isEqualTo("cli_crashed");
        assertThat(before).isZero();
        assertThat(after).as("the crashed CLI's tool command must not outlive it: %s", processes()).isZero();
    }

    @Test
    void aCliThatCrashesEveryTimeFailsAfterMaxAttemptsLeavingNoProcess() {
        int before = processes().size();

        JsonNode done = awaitEnd(execute(task("[[scenario:crash]] work", 2, 1800)));
        int after = processes().size();

        Report.of("cli-crash-every-attempt")
                .put("status", done.path("status").asString())
                .put("attempts", done.path("attempt").asInt())
                .put("maxAttempts", 2)
                .put("errorType", done.path("error").path("type").asString())
                .put("cliProcessesBefore", before)
                .put("cliProcessesAfter", after)
                .print();
        assertThat(done.path("status").asString()).as("execution: %s", done).isEqualTo("failed");
        assertThat(done.path("attempt").asInt()).isEqualTo(2);
        assertThat(done.path("error").path("type").asString()).isEqualTo("cli_crashed");
        assertThat(before).isZero();
        assertThat(after).isZero();
    }

    /**
     * The hang is ended by the task's {@code timeoutSeconds}, the setting a user has: it is both the attempt's
     * start-to-close timeout in Temporal and the CLI's own deadline in Baton, whichever notices first kills the
     * tree. The heartbeat cannot catch it: the worker is alive and keeps heartbeating.
     */
    @Test
    void aCliHangingWithoutOutputIsKilledAtTheTaskTimeoutAndRetried() {
        int before = processes().size();
        String executionId = execute(task("[[scenario:hang_once]] work", 2, 10));
        String sessionId = awaitSessionId(executionId);
        // The hung CLI and the sleep it waits on.
        int during = await("the hung CLI and its child").atMost(Duration.ofSeconds(30))
                .until(() -> processesOf(sessionId).size(), n -> n == 2);

        JsonNode done = awaitEnd(executionId);
        int after = processes().size();

        Report.of("cli-hang-no-output")
                .put("status", done.path("status").asString())
                .put("attempts", done.path("attempt").asInt())
                .put("timeoutSeconds", 10)
                .put("firstAttemptFailure", firstAttemptFailure(done))
                .put("killedBy", "timed_out".equals(firstAttemptFailure(done)) ? "baton_turn_deadline"
                        : "temporal_start_to_close")
                .put("cliProcessesBefore", before)
                .put("cliProcessesDuringHang", during)
                .put("cliProcessesAfter", after)
                .print();
        assertThat(done.path("status").asString()).as("execution: %s", done).isEqualTo("completed");
        assertThat(done.path("attempt").asInt()).isEqualTo(2);
        assertThat(firstAttemptFailure(done)).isIn("timed_out", "cancelled");
        assertThat(before).isZero();
        assertThat(after).isZero();
    }

    /** Slow: two attempts of ten seconds each. */
    @Test
    @Tag("slow")
    void aCliThatHangsEveryTimeEndsTimedOutAfterMaxAttemptsLeavingNoProcess() {
        int before = processes().size();

        JsonNode done = awaitEnd(execute(task("[[scenario:hang]] work", 2, 10)));
        int after = processes().size();

        Report.of("cli-hang-every-attempt")
                .put("status", done.path("status").asString())
                .put("attempts", done.path("attempt").asInt())
                .put("maxAttempts", 2)
                .put("timeoutSeconds", 10)
                .put("errorType", done.path("error").path("type").asString())
                .put("cliProcessesBefore", before)
                .put("cliProcessesAfter", after)
                .print();
        assertThat(done.path("status").asString()).as("execution: %s", done).isEqualTo("timed_out");
        assertThat(done.path("attempt").asInt()).isEqualTo(2);
        assertThat(before).isZero();
        assertThat(after).isZero();
    }

    @Test
    void aSessionTurnWhoseCliCrashesAnswersCliCrashedLeavingNoProcess() {
        String sessionId = user.post("/api/v1/sessions", Map.of()).json().path("id").asString();
        int before = processes().size();

        var reply = user.post("/api/v1/sessions/" + sessionId + "/query",
                Map.of("message", "[[scenario:crash_once]] work"));
        int after = processes().size();
        var retry = user.post("/api/v1/sessions/" + sessionId + "/query", Map.of("message", "[[scenario:crash_once]] again"));

        Report.of("session-cli-crash")
                .put("httpStatus", reply.status())
                .put("errorType", reply.json().path("error").path("type").asString())
                .put("retryable", reply.json().path("error").path("retryable").asBoolean())
                .put("nextTurnError", retry.json().path("isError").asBoolean())
                .put("cliProcessesBefore", before)
                .put("cliProcessesAfter", after)
                .print();
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().path("error").path("type").asString()).isEqualTo("cli_crashed");
        assertThat(reply.json().path("error").path("retryable").asBoolean()).isTrue();
        assertThat(retry.json().path("isError").asBoolean()).as("the session works on: %s", retry).isFalse();
        assertThat(before).isZero();
        assertThat(after).isZero();
    }

    private List<LocalProcesses.Proc> processes() {
        return LocalProcesses.startedUnder(dataDir());
    }

    private List<LocalProcesses.Proc> processesOf(String sessionId) {
        Path config = configDir(sessionId);
        return processes().stream()
                .filter(p -> p.environment().contains("CLAUDE_CONFIG_DIR=" + config)).toList();
    }

    private String task(String template, int maxAttempts, int timeoutSeconds) {
        var body = new HashMap<String, Object>(Map.of("name", "rel-" + UUID.randomUUID(), "promptTemplate", template,
                "timeoutSeconds", timeoutSeconds, "retry", Map.of("maxAttempts", maxAttempts,
                        "initialIntervalSeconds", 1)));
        var created = user.post("/api/v1/tasks", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    private String execute(String taskId) {
        var accepted = user.post("/api/v1/tasks/" + taskId + "/execute", Map.of());
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted.json().path("executionId").asString();
    }

    private String awaitSessionId(String executionId) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> user.get("/api/v1/executions/" + executionId).json().path("sessionId").asString(""),
                id -> !id.isEmpty());
    }

    private JsonNode awaitEnd(String executionId) {
        return await("the execution's end").atMost(Duration.ofSeconds(60))
                .until(() -> user.get("/api/v1/executions/" + executionId).json(),
                        e -> !Set.of("queued", "running").contains(e.path("status").asString()));
    }

    private List<JsonNode> messages(JsonNode execution) {
        return user.get("/api/v1/sessions/" + execution.path("sessionId").asString() + "/messages").json()
                .valueStream().toList();
    }

    private static long attemptsWithMessages(List<JsonNode> messages) {
        return messages.stream().map(m -> m.path("attempt").asInt()).distinct().count();
    }

    /**
     * How the first attempt's turn ended, as Baton stored it in PostgreSQL: {@code cli_crashed}; for a hang,
     * {@code timed_out} when Baton's own deadline (the task's timeoutSeconds) killed the CLI, or {@code cancelled}
     * when the heartbeat heard first that Temporal's start-to-close timeout (the same seconds) had expired.
     */
    private String firstAttemptFailure(JsonNode execution) {
        return jdbc.queryForList("select error_type from session_turns where session_id = ? order by started_at",
                String.class, UUID.fromString(execution.path("sessionId").asString())).stream().findFirst()
                .orElse("none");
    }
}
