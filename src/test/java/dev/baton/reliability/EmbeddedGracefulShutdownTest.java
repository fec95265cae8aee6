package dev.baton.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import dev.baton.support.SeparateJvms;
import dev.baton.support.WsClient;
import dev.baton.testing.StubAnthropicApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * SIGTERM to the zero set-up Baton (embedded PostgreSQL and Temporal, a JVM of its own) while one session query and
 * one task attempt run the real pinned CLI, whose answers the stub API holds for a few seconds: both turns end
 * within the grace period, so both must be stored and answered, the attempt must not run again after a restart,
 * and the node must be gone within the grace period plus 5 s. After the restart the execution's history, which the
 * new embedded Temporal server never saw, comes from the archive.
 */
@SeparateJvms
class EmbeddedGracefulShutdownTest {

    private static final Duration GRACE = Duration.ofSeconds(20);
    private static final Duration ANSWER_HOLD = Duration.ofSeconds(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Path root = IntegrationTest.tempDir("baton-sigterm-");
    private final Path dataDir = root.resolve("data");
    private final Path log = root.resolve("baton.log");
    private final StubAnthropicApi stub = StubAnthropicApi.start().holdAnswers(ANSWER_HOLD);
    private EmbeddedNode node;

    @RegisterExtension
    final TestWatcher logsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            EmbeddedNode.printTail(log);
        }
    };

    @AfterEach
    void leaveNothingBehind() {
        if (node != null) {
            node.stop();
        }
        stub.close();
        LocalProcesses.killStartedUnder(dataDir);
        // A node that did not stop cleanly leaves its postmaster behind.
        String postgresDir = dataDir.resolve("postgres").toString();
        LocalProcesses.all().stream()
                .filter(p -> p.commandLine().contains("/bin/postgres") && p.commandLine().contains(postgresDir))
                .forEach(p -> ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroy));
    }

    @Test
    void sigtermMidTurnStoresAndAnswersBothTurnsAndRunsTheAttemptOnce() throws Exception {
        String cli = System.getProperty("baton.test.claude-cli");
        assumeTrue(cli != null && Files.isExecutable(Path.of(cli)), "real Claude CLI not installed");
        node = start(Path.of(cli));
        Api api = node.api;
        String taskMarker = "task-" + UUID.randomUUID();
        String queryMarker = "query-" + UUID.randomUUID();
        String taskId = api.post("/api/v1/tasks", Map.of("name", "sigterm", "promptTemplate", "Say " + taskMarker,
                "retry", Map.of("maxAttempts", 3, "initialIntervalSeconds", 1))).json().path("id").asString();
        String sessionId = api.post("/api/v1/sessions", Map.of()).json().path("id").asString();

        try (var subscriber = WsClient.connect(api, "/ws/sessions/" + sessionId)) {
            // Null when the connection closed without an answer.
            CompletableFuture<Api.Response> query = CompletableFuture.supplyAsync(() -> api.post(
                    "/api/v1/sessions/" + sessionId + "/query", Map.of("message", "Say " + queryMarker)))
                    .exceptionally(noAnswer -> null);
            var accepted = api.post("/api/v1/tasks/" + taskId + "/execute", Map.of());
            assertThat(accepted.status()).as("execute: %s", accepted).isEqualTo(202);
            String executionId = accepted.json().path("executionId").asString();
            // Both CLIs have asked the model and wait for its answer.
            await("both turns waiting on the API").atMost(Duration.ofSeconds(90))
                    .until(() -> conversations(taskMarker) == 1 && conversations(queryMarker) == 1);

            long signalled = System.nanoTime();
            node.process.destroy();
            boolean exited = node.process.waitFor(GRACE.toSeconds() + 30, TimeUnit.SECONDS);
            Duration stopTime = Duration.ofNanos(System.nanoTime() - signalled);
            Api.Response answer = query.get(30, TimeUnit.SECONDS);
            List<JsonNode> frames = framesUntilTurnEnds(subscriber);
            Integer closeCode = subscriber.closeCode().completeOnTimeout(-1, 10, TimeUnit.SECONDS).get();
            node = null;

            node = start(Path.of(cli));
            JsonNode execution = node.api.get("/api/v1/executions/" + executionId).json();
            String taskSessionId = execution.path("sessionId").asString();
            long queryResults = results(node.api, sessionId);
            long taskResults = results(node.api, taskSessionId);
            // The new embedded Temporal server has never seen the run: the history comes from the archive.
            Api.Response history = node.api.get("/api/v1/executions/" + executionId + "/history");

            Report.of("embedded-sigterm-mid-turn")
                    .put("gracePeriodSeconds", GRACE.toSeconds())
                    .put("answerHoldSeconds", ANSWER_HOLD.toSeconds())
                    .put("stopSeconds", String.format("%.1f", stopTime.toMillis() / 1000.0))
                    .put("queryHttpStatus", answer == null ? "none" : answer.status())
                    .put("querySocketLastFrame", frames.isEmpty() ? "none" : frames.getLast().path("type").asString())
                    .put("querySocketCloseCode", closeCode)
                    .put("queryResultMessages", queryResults)
                    .put("executionStatus", execution.path("status").asString())
                    .put("executionPreviousRuns", execution.path("previousRunIds").size())
                    .put("taskResultMessages", taskResults)
                    .put("historyAfterRestart", history.status() + "/" + history.json().path("source").asString())
                    .put("stubConversationsQuery", conversations(queryMarker))
                    .put("stubConversationsExecution", conversations(taskMarker))
                    .print();

            assertThat(exited).as("Baton exited after SIGTERM").isTrue();
            assertThat(stopTime).as("stop time").isLessThanOrEqualTo(GRACE.plusSeconds(5));
            assertThat(answer).as("the query's HTTP answer").isNotNull();
            assertThat(answer.status()).as("query answer: %s", answer).isEqualTo(200);
            assertThat(answer.json().path("response").asString()).contains(queryMarker);
            assertThat(frames).as("socket frames").isNotEmpty();
            assertThat(frames.getLast().path("type").asString()).as("socket frames: %s", frames).isEqualTo("result");
            assertThat(closeCode).isEqualTo(1001);
            assertThat(queryResults).as("the query's result message stored").isEqualTo(1);
            assertThat(execution.path("status").asString()).as("execution: %s", execution).isEqualTo("completed");
            assertThat(execution.path("response").asString()).contains(taskMarker);
            assertThat(execution.path("previousRunIds")).as("not restarted after the restart").isEmpty();
            assertThat(taskResults).as("the attempt's result message stored").isEqualTo(1);
            assertThat(history.status()).as("history after the restart: %s", history).isEqualTo(200);
            assertThat(history.json().path("source").asString()).isEqualTo("archive");
            assertThat(history.json().path("events").valueStream().map(e -> e.path("type").asString()))
                    .contains("activity_task_completed", "workflow_execution_completed");
            assertThat(conversations(taskMarker)).as("conversations the API saw for the execution").isEqualTo(1);
            assertThat(conversations(queryMarker)).as("conversations the API saw for the query").isEqualTo(1);
        }
    }

    private EmbeddedNode start(Path cli) throws Exception {
        Path home = Files.createDirectories(root.resolve("cli-home"));
        Map<String, String> cliEnvironment = Map.of("ANTHROPIC_BASE_URL", stub.baseUrl(),
                "ANTHROPIC_API_KEY", "sk-ant-stub-not-a-real-key", "HOME", home.toString());
        EmbeddedNode started = EmbeddedNode.start(dataDir, cli, log, Map.of(
                "BATON_SHUTDOWN_GRACE_PERIOD", GRACE.toSeconds() + "s",
                "BATON_CLAUDE_MAX_RETRIES", "0",
                "SPRING_APPLICATION_JSON", JSON.writeValueAsString(
                        Map.of("baton", Map.of("claude", Map.of("environment", cliEnvironment))))));
        node = started;
        started.awaitReady();
        return started;
    }

    /** The frames up to the turn's end; fewer when the socket closed before it. */
    private static List<JsonNode> framesUntilTurnEnds(WsClient subscriber) {
        List<JsonNode> frames = new java.util.ArrayList<>();
        try {
            frames.addAll(subscriber.untilTurnEnds());
        } catch (AssertionError closedFirst) {
            // No turn end within the client's wait.
        }
        return frames;
    }

    private long conversations(String marker) {
        return stub.conversationRequests().stream().filter(r -> r.lastUserText().contains(marker)).count();
    }

    private static long results(Api api, String sessionId) {
        return api.get("/api/v1/sessions/" + sessionId + "/messages").json().valueStream()
                .filter(m -> "result".equals(m.path("type").asString())).count();
    }
}
