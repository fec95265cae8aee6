package dev.baton.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import dev.baton.support.SeparateJvms;
import dev.baton.support.WsClient;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import tools.jackson.databind.JsonNode;

/**
 * Baton scaled out over separate JVMs that share one PostgreSQL (embedded, in this JVM) and one Temporal server
 * (the SDK's standalone test server, in its own process): node A is an API node, nodes B and C are workers.
 *
 * <p>Each node gets its role through {@code BATON_ROLES}. That the api node runs no activities is checked with
 * evidence of its own: A's CLI is a wrapper script that writes a marker file and then execs the fake CLI, so a turn
 * that ran on A would leave the marker behind, and the test asserts it never appears.
 *
 * <p>The nodes run {@link ClusterNode}, which is Baton with non-sticky workflow tasks: the standalone test server has
 * no fallback from a dead worker's sticky queue, which a real Temporal server has.
 *
 * <p>Each node's output goes to {@code <temp>/node-X.log}; the tail of every log is printed when a test fails.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SeparateJvms
class MultiProcessTest {

    private static final String ADMIN_KEY = "multi-admin-key-0123456789";
    private static final Path FAKE_CLAUDE = Path.of(System.getProperty("user.dir"), "src/test/scripts/fake-claude");
    private static final String JAVA = NodeProcess.JAVA;
    private static final String CLASSPATH = NodeProcess.CLASSPATH;

    private static Path root;
    private static EmbeddedPostgres postgres;
    private static Process temporal;
    private static Path temporalLog;
    private static Path marker;
    private static Node apiNode;
    private static Node workerB;
    private static Node workerC;
    private static String cluster;

    @RegisterExtension
    static final TestWatcher LOGS_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            printLogTails();
        }
    };

    @BeforeAll
    static void startCluster() throws Exception {
        try {
            root = IntegrationTest.tempDir("baton-multi-");
            int temporalPort = NodeProcess.freePort();
            temporalLog = root.resolve("temporal.log");
            temporal = new ProcessBuilder(JAVA, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", CLASSPATH,
                    "io.temporal.testserver.TestServer", String.valueOf(temporalPort))
                    .redirectErrorStream(true).redirectOutput(temporalLog.toFile()).start();
            postgres = EmbeddedPostgres.builder().start();
            await("Temporal test server on port " + temporalPort).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(100)).until(() -> NodeProcess.accepts(temporalPort));

            marker = root.resolve("api-node-ran-a-cli");
            Path wrapper = root.resolve("api-node-claude");
            Files.writeString(wrapper, "#!/bin/sh\necho \"$$ $*\" >> '" + marker + "'\nexec '" + FAKE_CLAUDE + "' \"$@\"\n");
            Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));

            cluster = "127.0.0.1:" + temporalPort;
            // A alone first: on an empty database it runs Flyway and creates the admin, which two first starts at
            // the same moment would race on (AdminBootstrap finds no admin on both, then both insert one).
            apiNode = Node.start("a", "api", wrapper, cluster);
            apiNode.awaitReady();
            workerB = Node.start("b", "worker", FAKE_CLAUDE, cluster);
            workerC = Node.start("c", "worker", FAKE_CLAUDE, cluster);
            CompletableFuture.allOf(CompletableFuture.runAsync(workerB::awaitReady),
                    CompletableFuture.runAsync(workerC::awaitReady)).join();
        } catch (Throwable e) {
            printLogTails();
            throw e;
        }
    }

    @AfterAll
    static void stopCluster() throws IOException {
        for (Node node : new Node[] {apiNode, workerB, workerC}) {
            if (node != null) {
                node.kill();
            }
        }
        if (temporal != null) {
            NodeProcess.killTree(temporal);
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(1)
    void anExecutionStartedThroughTheApiNodeRunsOnTheWorkerNodeAndStreamsLiveToTheApiNode() {
        Api api = apiNode.api;
        String executionId = execute(api, createTask(api, "[[scenario:slow]] hello", 1, 1));
        String sessionId = awaitSessionId(api, executionId);

        List<JsonNode> frames;
        try (WsClient ws = WsClient.connect(api, "/ws/sessions/" + sessionId + "?after=0")) {
            frames = ws.untilTurnEnds();
        }

        // A replay sends stored messages only; a result frame is always live, so this one came from the worker's
        // NOTIFY through PostgreSQL to the api node.
        assertThat(frames.getLast().path("type").asString()).as("last frame: %s", frames.getLast()).isEqualTo("result");
        List<Long> streamed = frames.stream().filter(f -> f.path("type").asString().equals("message"))
                .map(f -> f.path("sequence").asLong()).toList();
        assertThat(streamed).as("the init line, five parts and the result at least").hasSizeGreaterThanOrEqualTo(7)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, streamed.size()).boxed().toList());
        List<Long> stored = messages(api, sessionId).stream().map(m -> m.path("sequence").asLong()).toList();
        assertThat(streamed).as("what the api node streamed is what was stored").isEqualTo(stored);
        assertThat(awaitEnd(api, executionId).path("status").asString()).isEqualTo("completed");

        assertThat(marker).as("the api node never ran a CLI").doesNotExist();
        assertThat(apiNode.ranCliFor(sessionId)).isFalse();
        assertThat(List.of(workerB, workerC)).as("a worker node ran the CLI").anyMatch(n -> n.ranCliFor(sessionId));
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(2)
    void aWorkerShuttingDownHandsItsUnfinishedAttemptToAnotherWorker() throws IOException {
        Api api = apiNode.api;
        String executionId = execute(api, createTask(api, "[[scenario:gate]]", 3, 1));
        String sessionId = awaitSessionId(api, executionId);
        Node leaving = workerRunning(sessionId);
        Node staying = leaving == workerB ? workerC : workerB;
        long cliPid = leaving.cliPid(sessionId);

        leaving.terminate();

        assertThat(leaving.process.exitValue()).as("a clean exit after SIGTERM").isIn(0, 143);
        assertThat(ProcessHandle.of(cliPid).map(ProcessHandle::isAlive)).as("the CLI it ran").isNotEqualTo(Optional.of(true));
        releaseOnceItRunsOn(staying, sessionId);
        JsonNode finished = awaitEnd(api, executionId);
        assertThat(finished.path("status").asString()).as("execution: %s", finished).isEqualTo("completed");
        assertThat(finished.path("attempt").asInt()).isGreaterThanOrEqualTo(2);

        // Two workers again for the next test.
        Node replacement = Node.start(leaving.name + "2", "worker", FAKE_CLAUDE, cluster);
        replacement.awaitReady();
        if (leaving == workerB) {
            workerB = replacement;
        } else {
            workerC = replacement;
        }
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(3)
    void killingTheWorkerMidActivityLetsASecondWorkerFinishItExactlyOnce() throws IOException {
        Api api = apiNode.api;
        String executionId = execute(api, createTask(api, "[[scenario:gate]]", 3, 1));
        String sessionId = awaitSessionId(api, executionId);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/api/v1/executions/" + executionId).json().path("status").asString(),
                        "running"::equals);
        Node victim = workerRunning(sessionId);
        Node survivor = victim == workerB ? workerC : workerB;
        // The fake notes its stdin before it prints; wait until the attempt's first line is stored, so there is
        // a lost attempt's message to keep.
        await("attempt 1's first message stored").atMost(Duration.ofSeconds(30))
                .until(() -> !messages(api, sessionId).isEmpty());

        victim.kill();

        // The heartbeat timeout (5 s here) lets Temporal notice; the retry then lands on the only worker left.
        releaseOnceItRunsOn(survivor, sessionId);

        JsonNode finished = awaitEnd(api, executionId);
        Counts counts = Counts.of(executionId, sessionId);
        List<JsonNode> messages = messages(api, sessionId);
        dev.baton.reliability.Report.of("worker-kill9-two-workers")
                .put("status", finished.path("status").asString())
                .put("attempts", finished.path("attempt").asInt())
                .put("attemptsWithMessages", messages.stream().map(m -> m.path("attempt").asInt()).distinct().count())
                .put("completedRowsInPostgres", counts.completedRows())
                .put("completedTurnsInPostgres", counts.completedTurns())
                .put("resultMessages", counts.resultMessages())
                .put("temporalRunStatus", counts.temporalStatus())
                .put("temporalRuns", counts.temporalRuns())
                .put("completedTurnActivities", counts.completedTurnActivities())
                .print();
        assertThat(finished.path("status").asString()).as("execution: %s", finished).isEqualTo("completed");
        assertThat(finished.path("attempt").asInt()).isGreaterThanOrEqualTo(2);
        assertThat(counts.completedRows()).as("exactly one completion in PostgreSQL").isEqualTo(1);
        assertThat(counts.completedTurns()).as("exactly one completed turn").isEqualTo(1);
        assertThat(counts.resultMessages()).isEqualTo(1);
        assertThat(counts.temporalStatus()).isEqualTo("completed");
        assertThat(counts.temporalRuns()).as("one workflow run, no restart").isEqualTo(1);
        assertThat(counts.completedTurnActivities()).isEqualTo(1);
        Set<Integer> attempts = messages.stream().map(m -> m.path("attempt").asInt()).collect(Collectors.toSet());
        assertThat(attempts).as("the lost attempt's messages are kept").contains(1, finished.path("attempt").asInt());
        assertThat(messages).filteredOn(m -> "result".equals(m.path("type").asString()))
                .as("the turn finished exactly once, in the last attempt")
                .singleElement().satisfies(r -> assertThat(r.path("attempt").asInt()).isEqualTo(finished.path("attempt").asInt()));
        // The retry holds the lease under the same owner as the dead attempt, so it takes over at once.
        assertThat(api.get("/api/v1/executions/" + executionId + "/history").body())
                .as("no attempt was refused because the dead node still held the session").doesNotContain("session_busy");
        assertThat(messages).extracting(m -> m.path("sequence").asLong()).doesNotHaveDuplicates();
        assertThat(marker).as("the api node never ran a CLI").doesNotExist();
    }

    /**
     * What PostgreSQL and the Temporal server hold about one execution: its completed row, its completed turns and
     * result messages, and its workflow's status, runs and completed turn activities.
     */
    private record Counts(int completedRows, int completedTurns, int resultMessages, String temporalStatus,
            int temporalRuns, int completedTurnActivities) {

        static Counts of(String executionId, String sessionId) {
            var jdbc = new org.springframework.jdbc.core.JdbcTemplate(postgres.getPostgresDatabase());
            UUID execution = UUID.fromString(executionId);
            UUID session = UUID.fromString(sessionId);
            int rows = jdbc.queryForObject(
                    "select count(*) from task_executions where id = ? and status = 'COMPLETED'", Integer.class,
                    execution);
            int turns = jdbc.queryForObject(
                    "select count(*) from session_turns where session_id = ? and status = 'COMPLETED'", Integer.class,
                    session);
            int results = jdbc.queryForObject(
                    "select count(*) from session_messages where session_id = ? and type = 'result'", Integer.class,
                    session);
            var stubs = io.temporal.serviceclient.WorkflowServiceStubs.newServiceStubs(
                    io.temporal.serviceclient.WorkflowServiceStubsOptions.newBuilder().setTarget(cluster).build());
            try {
                var client = io.temporal.client.WorkflowClient.newInstance(stubs);
                String workflowId = "execution-" + executionId;
                var info = stubs.blockingStub().describeWorkflowExecution(
                        io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest.newBuilder()
                                .setNamespace("default")
                                .setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder()
                                        .setWorkflowId(workflowId))
                                .build()).getWorkflowExecutionInfo();
                String status = info.getStatus().name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase();
                var events = client.fetchHistory(workflowId).getEvents();
                Set<Long> turnScheduled = events.stream()
                        .filter(e -> e.getEventType() == io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED)
                        .filter(e -> e.getActivityTaskScheduledEventAttributes().getActivityType().getName().equals("RunTurn"))
                        .map(io.temporal.api.history.v1.HistoryEvent::getEventId).collect(Collectors.toSet());
                int completedTurns = (int) events.stream()
                        .filter(e -> e.getEventType() == io.temporal.api.enums.v1.EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
                        .filter(e -> turnScheduled.contains(e.getActivityTaskCompletedEventAttributes().getScheduledEventId()))
                        .count();
                int runs = jdbc.queryForObject(
                        "select 1 + cardinality(previous_run_ids) from task_executions where id = ?", Integer.class,
                        execution);
                return new Counts(rows, turns, results, status, runs, completedTurns);
            } finally {
                stubs.shutdownNow();
            }
        }
    }

    /** The worker node whose fake CLI took the session's turn. */
    private static Node workerRunning(String sessionId) {
        return await("a worker running the turn of session " + sessionId).atMost(Duration.ofSeconds(30))
                .until(() -> List.of(workerB, workerC).stream().filter(n -> n.ranCliFor(sessionId)).findFirst(),
                        Optional::isPresent)
                .orElseThrow();
    }

    /** Waits for the retried attempt to reach {@code node}, then lets its gated turn finish. */
    private static void releaseOnceItRunsOn(Node node, String sessionId) throws IOException {
        await("the retry on node " + node.name).atMost(Duration.ofSeconds(45)).pollInterval(Duration.ofMillis(100))
                .until(() -> node.ranCliFor(sessionId));
        Files.createFile(node.configDir(sessionId).resolve("release"));
    }

    private static String createTask(Api api, String prompt, int maxAttempts, int initialIntervalSeconds) {
        var created = api.post("/api/v1/tasks", Map.of("name", "multi-" + UUID.randomUUID(), "promptTemplate", prompt,
                "retry", Map.of("maxAttempts", maxAttempts, "initialIntervalSeconds", initialIntervalSeconds)));
        assertThat(created.status()).as("create task: %s", created).isEqualTo(201);
        return created.json().path("id").asString();
    }

    private static String execute(Api api, String taskId) {
        var accepted = api.post("/api/v1/tasks/" + taskId + "/execute", Map.of());
        assertThat(accepted.status()).as("execute: %s", accepted).isEqualTo(202);
        return accepted.json().path("executionId").asString();
    }

    private static String awaitSessionId(Api api, String executionId) {
        return await("the execution's session").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> api.get("/api/v1/executions/" + executionId).json().path("sessionId").asString(""),
                        id -> !id.isEmpty());
    }

    private static JsonNode awaitEnd(Api api, String executionId) {
        return await("the execution's end").atMost(Duration.ofSeconds(30))
                .until(() -> api.get("/api/v1/executions/" + executionId).json(),
                        e -> !Set.of("queued", "running").contains(e.path("status").asString()));
    }

    private static List<JsonNode> messages(Api api, String sessionId) {
        var answer = api.get("/api/v1/sessions/" + sessionId + "/messages");
        assertThat(answer.status()).as("messages: %s", answer).isEqualTo(200);
        return answer.json().valueStream().toList();
    }

    private static void printLogTails() {
        List<Path> logs = new ArrayList<>();
        if (temporalLog != null) {
            logs.add(temporalLog);
        }
        for (Node node : new Node[] {apiNode, workerB, workerC}) {
            if (node != null) {
                logs.add(node.log);
            }
        }
        NodeProcess.printTails(logs);
    }

    /** One Baton JVM of this cluster, with the fake CLI's notes to tell where a turn ran. */
    private static final class Node {

        final String name;
        final Path log;
        final Api api;
        final Process process;
        private final NodeProcess node;

        private Node(NodeProcess node) {
            this.node = node;
            this.name = node.name;
            this.log = node.log;
            this.api = node.api;
            this.process = node.process;
        }

        static Node start(String name, String roles, Path claudeCommand, String temporalTarget) throws IOException {
            return new Node(NodeProcess.start(name, root, ADMIN_KEY, claudeCommand, Map.of(
                    "BATON_ROLES", roles,
                    "SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
                    "SPRING_DATASOURCE_USERNAME", "postgres",
                    "SPRING_DATASOURCE_PASSWORD", "x",
                    "BATON_TEMPORAL_TARGET", temporalTarget,
                    // The node that starts an execution puts the heartbeat timeout into the workflow's input, so all
                    // get it.
                    "BATON_TEMPORAL_HEARTBEAT_TIMEOUT", "5s",
                    // Short, so the graceful-shutdown test sees an unfinished turn killed and handed over quickly.
                    "BATON_SHUTDOWN_GRACE_PERIOD", "2s")));
        }

        void awaitReady() {
            node.awaitReady();
        }

        Path configDir(String sessionId) {
            return node.configDir(sessionId);
        }

        boolean ranCliFor(String sessionId) {
            return Files.exists(configDir(sessionId).resolve("fake-claude-stdin.txt"));
        }

        /** The pid of the fake CLI this node runs for the session (the fake notes it in its config directory). */
        long cliPid(String sessionId) {
            Path stdin = configDir(sessionId).resolve("fake-claude-stdin.txt");
            return process.descendants()
                    .filter(p -> p.info().commandLine().map(c -> c.contains("fake-claude")).orElse(false))
                    .findFirst().map(ProcessHandle::pid)
                    .orElseThrow(() -> new AssertionError("node " + name + " runs no CLI (" + stdin + ")"));
        }

        /** SIGTERM, as an orchestrator stops a node; waits until the JVM has exited. */
        void terminate() {
            node.terminate();
        }

        /** Like the machine dying: no shutdown hooks, and the CLI it was running dies with it. */
        void kill() {
            node.kill();
        }
    }
}
