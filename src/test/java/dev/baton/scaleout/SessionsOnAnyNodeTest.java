package dev.baton.scaleout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import dev.baton.support.SeparateJvms;
import dev.baton.testing.RecordedRequest;
import dev.baton.testing.StubAnthropicApi;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
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
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * Two api nodes as separate JVMs, each with its own data directory (so its own CLI config directories), sharing one
 * PostgreSQL and one workspace root, running the real pinned CLI against the stub Anthropic API: one conversation
 * continues whichever node its next turn lands on, the lease holds across nodes, a node killed mid-turn hands the
 * session over once its lease runs out, and a missing working directory is refused.
 *
 * <p>The leases are 12 s (the default is 45 s), renewed every 4 s, so the node-loss case waits that long; each real
 * CLI turn costs about a CPU-second. Each node runs its own embedded Temporal server: sessions need none shared.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@SeparateJvms
class SessionsOnAnyNodeTest {

    private static final String ADMIN_KEY = "any-node-admin-key-0123456789";
    private static final Duration LEASE = Duration.ofSeconds(12);

    private static Path root;
    private static EmbeddedPostgres postgres;
    private static StubAnthropicApi stub;
    private static NodeProcess nodeA;
    private static NodeProcess nodeB;
    private static String sessionId;

    @RegisterExtension
    static final TestWatcher LOGS_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            printLogTails();
        }
    };

    @BeforeAll
    static void startNodes() throws Exception {
        try {
            root = IntegrationTest.tempDir("baton-any-node-");
            postgres = EmbeddedPostgres.builder().start();
            stub = StubAnthropicApi.start();
            // A alone first: on an empty database it runs Flyway and creates the admin.
            nodeA = start("a");
            nodeA.awaitReady();
            nodeB = start("b");
            nodeB.awaitReady();
        } catch (Throwable e) {
            printLogTails();
            throw e;
        }
    }

    private static NodeProcess start(String name) throws IOException {
        Path cliHome = Files.createDirectories(root.resolve("cli-home"));
        String cliEnvironment = "{\"baton\":{\"claude\":{\"environment\":{\"ANTHROPIC_BASE_URL\":\"" + stub.baseUrl()
                + "\",\"ANTHROPIC_API_KEY\":\"sk-ant-test-not-a-real-key\",\"HOME\":\"" + cliHome + "\"}}}}";
        return NodeProcess.start(name, root, ADMIN_KEY, Path.of(System.getProperty("baton.test.claude-cli")), Map.of(
                "BATON_ROLES", "api",
                "SPRING_DATASOURCE_URL", "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
                "SPRING_DATASOURCE_USERNAME", "postgres",
                "SPRING_DATASOURCE_PASSWORD", "x",
                // What the README asks of nodes that serve the same sessions: one workspace root for all.
                "BATON_WORKSPACE_ROOT", root.resolve("workspaces").toString(),
                "BATON_CLAUDE_MAX_RETRIES", "0",
                "BATON_TURN_LEASE", LEASE.toSeconds() + "s",
                "SPRING_APPLICATION_JSON", cliEnvironment));
    }

    @AfterAll
    static void stopNodes() throws IOException {
        for (NodeProcess node : new NodeProcess[] {nodeA, nodeB}) {
            if (node != null) {
                node.kill();
            }
        }
        if (stub != null) {
            stub.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(1)
    void turnsAlternatingBetweenNodesContinueOneConversation() {
        var created = nodeA.api.post("/api/v1/sessions", Map.of("title", "any node"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        sessionId = created.json().path("id").asString();

        List<String> prompts = List.of("turn 1 on A", "turn 2 on B", "turn 3 on A", "turn 4 on B");
        for (int turn = 0; turn < prompts.size(); turn++) {
            JsonNode reply = query(turn % 2 == 0 ? nodeA : nodeB, prompts.get(turn));
            assertThat(reply.path("response").asString()).isEqualTo("Echo: " + prompts.get(turn));
        }

        List<RecordedRequest> requests = stub.conversationRequests();
        assertThat(requests).extracting(r -> r.body().path("messages").size())
                .as("the stub sees the conversation grow every turn").containsExactly(2, 4, 6, 8);
        assertThat(requests.getLast().body().path("messages").toString()).contains(prompts.subList(0, 3));
        assertThat(requests).extracting(r -> r.headers().get("x-claude-code-session-id"))
                .as("one Claude session throughout").containsOnly(requests.getFirst().headers()
                        .get("x-claude-code-session-id"));
        assertThat(transcript(nodeA)).as("A restored B's turns before its own").contains(prompts.subList(0, 3));
        assertThat(transcript(nodeB)).contains(prompts);
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(2)
    void twoQueriesAtOnceOnTwoNodesGiveOneAnswerAndOneConflict() {
        var release = new CountDownLatch(1);
        stub.holdAnswersUntil(release);
        var onA = CompletableFuture.supplyAsync(() -> post(nodeA, "turn 5, at once on A"));
        var onB = CompletableFuture.supplyAsync(() -> post(nodeB, "turn 5, at once on B"));

        // The winner's answer is held until the loser has been answered.
        Api.Response first = CompletableFuture.anyOf(onA, onB).thenApply(Api.Response.class::cast).join();
        release.countDown();
        List<Integer> statuses = List.of(onA.join().status(), onB.join().status());

        assertThat(first.status()).as(first.toString()).isEqualTo(409);
        assertThat(first.isProblem()).isTrue();
        assertThat(statuses).containsExactlyInAnyOrder(200, 409);
        assertThat(stub.conversationRequests().getLast().body().path("messages").size()).isEqualTo(10);
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(3)
    void aNodeKilledMidTurnHandsTheConversationToTheOtherOnceItsLeaseRunsOut() {
        int before = stub.conversationRequests().size();
        stub.replyHang();
        var dying = CompletableFuture.supplyAsync(() -> post(nodeA, "turn 6 on A, which dies"));
        await("A's CLI waiting on the model").atMost(Duration.ofSeconds(60))
                .until(() -> stub.conversationRequests().size() > before);
        int messagesOfTheLostTurn = stub.conversationRequests().getLast().body().path("messages").size();

        nodeA.kill();
        Instant killed = Instant.now();
        dying.exceptionally(e -> null).join();

        assertThat(post(nodeB, "too early").status()).as("A's lease still holds the session").isEqualTo(409);
        Instant leaseEnd = jdbc().queryForObject("select turn_lease_until from sessions where id = ?",
                java.sql.Timestamp.class, UUID.fromString(sessionId)).toInstant();
        assertThat(leaseEnd).as("at most one lease time after A's last renewal").isBefore(killed.plus(LEASE).plusSeconds(1));
        await("A's lease to run out").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .until(() -> Instant.now().isAfter(leaseEnd.plusMillis(100)));

        JsonNode reply = query(nodeB, "turn 7 on B");
        Duration handover = Duration.between(killed, Instant.now());

        dev.baton.reliability.Report.of("session-node-kill9-handover")
                .put("handoverSeconds", handover.toSeconds())
                .put("leaseRanOutSecondsAfterKill", Duration.between(killed, leaseEnd).toSeconds())
                .print();
        assertThat(handover).as("B continues within a minute").isLessThan(Duration.ofMinutes(1));
        assertThat(reply.path("response").asString()).isEqualTo("Echo: turn 7 on B");
        JsonNode sent = stub.conversationRequests().getLast().body().path("messages");
        assertThat(sent.size()).as("the stored conversation, without the turn that died unsaved")
                .isEqualTo(messagesOfTheLostTurn);
        assertThat(sent.toString()).contains("turn 5, at once").doesNotContain("which dies");
        UUID lostTurn = jdbc().queryForObject("select turn_id from session_messages where session_id = ? and text = ?",
                UUID.class, UUID.fromString(sessionId), "turn 6 on A, which dies");
        assertThat(jdbc().queryForMap("select status, error_type from session_turns where id = ?", lostTurn))
                .containsEntry("status", "FAILED").containsEntry("error_type", "cli_crashed");
        assertThat(jdbc().queryForObject("select count(*) from session_messages where turn_id = ?", Long.class,
                lostTurn)).as("the dead turn's messages are kept: its prompt and the CLI's init line")
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    @Execution(ExecutionMode.SAME_THREAD)
    @Order(4)
    void aSessionWhoseWorkingDirectoryIsMissingOnTheServingNodeIsRefused() {
        Path workspace = Path.of(nodeB.api.get("/api/v1/sessions/" + sessionId).json().path("workingDirectory")
                .asString());
        assertThat(workspace).isDirectory();
        FileSystemUtils.deleteRecursively(workspace.toFile());

        Api.Response refused = post(nodeB, "turn 8 on B");

        assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
        assertThat(refused.json().path("code").asString()).isEqualTo("workspace_unavailable");
        assertThat(refused.json().path("detail").asString()).contains(workspace.toString(), "BATON_WORKSPACE_ROOT");
        assertThat(workspace).doesNotExist();
    }

    private static JsonNode query(NodeProcess node, String message) {
        Api.Response reply = post(node, message);
        assertThat(reply.status()).as("%s on node %s", reply, node.name).isEqualTo(200);
        assertThat(reply.json().path("isError").asBoolean()).as(reply.toString()).isFalse();
        return reply.json();
    }

    private static Api.Response post(NodeProcess node, String message) {
        return node.api.post("/api/v1/sessions/" + sessionId + "/query", Map.of("message", message));
    }

    /** The node's copy of the session's transcript. */
    private static String transcript(NodeProcess node) {
        try (Stream<Path> files = Files.walk(node.configDir(sessionId).resolve("projects"))) {
            Path file = files.filter(f -> f.toString().endsWith(".jsonl")).findFirst().orElseThrow();
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static JdbcTemplate jdbc() {
        return new JdbcTemplate(postgres.getPostgresDatabase());
    }

    private static void printLogTails() {
        List<Path> logs = new ArrayList<>();
        for (NodeProcess node : new NodeProcess[] {nodeA, nodeB}) {
            if (node != null) {
                logs.add(node.log);
            }
        }
        NodeProcess.printTails(logs);
    }
}
