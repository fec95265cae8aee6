package dev.baton.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import dev.baton.support.Scrape;
import dev.baton.support.WsClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.FileSystemUtils;
import tools.jackson.databind.JsonNode;

/**
 * What makes a session's next turn work on any node, in one application with the fake CLI: a node that lacks the
 * conversation (its config directory gone) or holds an older copy resumes the stored one; a session whose working
 * directory is missing answers {@code workspace_unavailable}; a lease its node stopped renewing is taken over.
 * Separate JVMs and the real CLI: {@code scaleout.SessionsOnAnyNodeTest}.
 */
class SessionHandoverTest extends IntegrationTest {

    @Autowired
    private SessionRepository sessions;
    @Autowired
    private SessionTurnRepository turns;
    @Autowired
    private TurnLeases leases;
    @Autowired
    private JdbcTemplate jdbc;

    private Api alice;
    private String id;

    @BeforeEach
    void session() {
        alice = newUser();
        id = alice.post("/api/v1/sessions", Map.of()).json().path("id").asString();
    }

    @Test
    void aNodeWithoutTheConversationResumesTheStoredOne() throws IOException {
        query("one");
        query("two");
        // As on a node that never ran this session.
        FileSystemUtils.deleteRecursively(configDir(id));

        JsonNode third = query("three");

        assertThat(third.path("isError").asBoolean()).as(third.toString()).isFalse();
        assertThat(Files.readAllLines(configDir(id).resolve("fake-claude-args.txt"))).contains("--resume");
        assertThat(prompts()).containsExactly("one", "two", "three");
    }

    @Test
    void aNodeWithAnOlderCopyResumesTheStoredConversationNotItsOwn() throws IOException {
        query("first turn on A");
        Path older = tempDir("baton-older-copy-");
        FileSystemUtils.copyRecursively(configDir(id), older);
        query("second turn on B");
        // Back on A, whose copy still ends with the first turn.
        FileSystemUtils.deleteRecursively(configDir(id));
        FileSystemUtils.copyRecursively(older, configDir(id));

        query("third turn on A");

        assertThat(prompts()).containsExactly("first turn on A", "second turn on B", "third turn on A");
    }

    @Test
    void aSessionThatHadTurnsAnswersWorkspaceUnavailableWhereItsDirectoryIsMissing() throws IOException {
        query("one");
        Path workspace = Path.of(alice.get("/api/v1/sessions/" + id).json().path("workingDirectory").asString());
        FileSystemUtils.deleteRecursively(workspace);
        long turnsBefore = turns.count();
        Scrape before = Scrape.of(admin);

        var refused = alice.post("/api/v1/sessions/" + id + "/query", Map.of("message", "two"));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(503);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.json().path("code").asString()).isEqualTo("workspace_unavailable");
        assertThat(refused.json().path("detail").asString()).contains(workspace.toString(), "BATON_WORKSPACE_ROOT",
                "shared volume", "sticky");
        try (var ws = WsClient.connect(alice, "/ws/sessions/" + id)) {
            ws.send("{\"type\":\"query\",\"message\":\"two\"}");
            JsonNode frame = ws.untilTurnEnds().getLast();
            assertThat(frame.path("error").path("type").asString()).as(frame.toString())
                    .isEqualTo("workspace_unavailable");
        }
        assertThat(workspace).as("not recreated empty").doesNotExist();
        assertThat(turns.count()).isEqualTo(turnsBefore);
        assertThat(Scrape.of(admin).minus(before, "baton_turns_rejected_total", "reason=\"workspace_unavailable\""))
                .isEqualTo(2);
        assertThat(alice.post("/api/v1/sessions/" + id + "/query", Map.of("message", "two")).status())
                .as("the lease was let go").isEqualTo(503);
    }

    @Test
    void aNewSessionWhoseDirectoryIsMissingGetsItCreated() throws IOException {
        Path workspace = Path.of(alice.get("/api/v1/sessions/" + id).json().path("workingDirectory").asString());
        FileSystemUtils.deleteRecursively(workspace);

        assertThat(query("one").path("isError").asBoolean()).isFalse();
        assertThat(workspace).isDirectory();
    }

    @Test
    void aLeaseItsNodeStoppedRenewingIsTakenOverAndTheDeadTurnEnded() {
        UUID session = UUID.fromString(id);
        Instant now = Instant.now();
        UUID deadNode = UUID.randomUUID();
        assertThat(sessions.claimTurn(session, now, now.plusSeconds(30), "rest:dead", deadNode)).isEqualTo(1);
        SessionTurn dead = turns.save(new SessionTurn(session, null));
        assertThat(alice.post("/api/v1/sessions/" + id + "/query", Map.of("message", "hi")).status())
                .as("refused while the lease runs").isEqualTo(409);

        // What 30 s without renewal leave.
        jdbc.update("update sessions set turn_lease_until = ? where id = ?", Timestamp.from(now.minusSeconds(1)),
                session);
        JsonNode reply = query("hi");

        assertThat(reply.path("isError").asBoolean()).isFalse();
        SessionTurn ended = turns.findById(dead.id()).orElseThrow();
        assertThat(ended.status()).isEqualTo(SessionTurn.Status.FAILED);
        assertThat(jdbc.queryForObject("select error_type || ': ' || error_message from session_turns where id = ?",
                String.class, dead.id())).isEqualTo("cli_crashed: " + TurnLeases.DEAD_NODE);
    }

    @Test
    void theBeatEndsARunningTurnWhoseLeaseRanOutWithoutAnyQuery() {
        UUID session = UUID.fromString(id);
        Instant now = Instant.now();
        sessions.claimTurn(session, now, now.minusSeconds(1), "rest:dead", UUID.randomUUID());
        SessionTurn dead = turns.save(new SessionTurn(session, null));

        leases.beat();

        assertThat(turns.findById(dead.id()).orElseThrow().status()).isEqualTo(SessionTurn.Status.FAILED);
    }

    @Test
    void theBeatRenewsTheLeasesOfTheTurnsThisNodeRuns() {
        var running = CompletableFuture.supplyAsync(() ->
                alice.post("/api/v1/sessions/" + id + "/query", Map.of("message", "[[scenario:gate]]")));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Files.exists(configDir(id).resolve("fake-claude-stdin.txt")));
        Map<String, Object> lease = jdbc.queryForMap(
                "select turn_lease_until, turn_node from sessions where id = ?", UUID.fromString(id));
        assertThat(lease.get("turn_node")).isEqualTo(leases.node());
        // A running turn's lease never runs out while its node lives: the beat moves it on.
        jdbc.update("update sessions set turn_lease_until = now() + interval '2 seconds' where id = ?",
                UUID.fromString(id));

        leases.beat();

        Timestamp renewed = jdbc.queryForObject("select turn_lease_until from sessions where id = ?", Timestamp.class,
                UUID.fromString(id));
        assertThat(renewed.toInstant()).isAfter(Instant.now().plusSeconds(30));
        release(id);
        assertThat(running.join().status()).isEqualTo(200);
        assertThat(jdbc.queryForObject(
                "select turn_node is null and turn_lease_until is null from sessions where id = ?", Boolean.class,
                UUID.fromString(id))).as("released").isTrue();
    }

    private JsonNode query(String message) {
        var reply = alice.post("/api/v1/sessions/" + id + "/query", Map.of("message", message));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().path("isError").asBoolean()).as(reply.toString()).isFalse();
        return reply.json();
    }

    /** The prompts in the fake CLI's transcript of the session, in order. */
    private List<String> prompts() throws IOException {
        Path transcript;
        try (Stream<Path> files = Files.walk(configDir(id).resolve("projects"))) {
            transcript = files.filter(f -> f.toString().endsWith(".jsonl")).findFirst().orElseThrow();
        }
        return Files.readAllLines(transcript).stream()
                .map(line -> tools.jackson.databind.json.JsonMapper.builder().build().readTree(line).path("prompt")
                        .asString())
                .toList();
    }
}
