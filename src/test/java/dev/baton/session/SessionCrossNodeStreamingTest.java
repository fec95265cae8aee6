package dev.baton.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A second node beside the application: its own bus and its own listening connection, sharing nothing with the
 * first but the database. Turns run through the application's REST API (node A); subscribers sit on node B.
 */
class SessionCrossNodeStreamingTest extends IntegrationTest {

    @Autowired
    private DataSource dataSource;
    @Autowired
    private SessionMessageRepository messages;
    @Autowired
    private SessionTurnRepository turns;
    @Autowired
    private ObjectMapper json;

    private GatedConnections nodeBDatabase;
    private SessionEventBus nodeB;
    private TurnInterrupts nodeBInterrupts;
    private SessionNotifications nodeBListener;
    private Api user;
    private String sessionId;
    private final List<SessionEvent> received = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startNodeB() {
        nodeBDatabase = new GatedConnections(ListenConnection.unpooled(dataSource));
        nodeB = new SessionEventBus(messages, turns, json);
        nodeBInterrupts = new TurnInterrupts(new JdbcTemplate(dataSource));
        nodeBListener = new SessionNotifications(nodeBDatabase, nodeB, nodeBInterrupts);
        nodeBListener.start();
        user = newUser();
        sessionId = user.post("/api/v1/sessions", Map.of()).json().path("id").asString();
    }

    @AfterEach
    void stopNodeB() throws InterruptedException {
        nodeBListener.stop();
        nodeB.close();
        assertThat(nodeBListener.isRunning()).isFalse();
    }

    @Test
    void anInterruptRequestedOnAnotherNodeStopsTheTurnWhereItRuns() {
        var query = java.util.concurrent.CompletableFuture.supplyAsync(() -> user.post(
                "/api/v1/sessions/" + sessionId + "/query", Map.of("message", "[[scenario:hang]] wait")));
        String turnId = await().atMost(Duration.ofSeconds(30)).until(
                () -> user.get("/api/v1/sessions/" + sessionId).json().path("runningTurn").path("id").asString(""),
                id -> !id.isEmpty() && configDir(sessionId).resolve("fake-claude-stdin.txt").toFile().exists());

        // Node B runs nothing: all it can do is say so on the database, where node A listens.
        nodeBInterrupts.request(UUID.fromString(sessionId), UUID.fromString(turnId));

        JsonNode answer = query.join().json();
        assertThat(answer.path("turnId").asString()).isEqualTo(turnId);
        assertThat(answer.path("error").path("type").asString()).isEqualTo("cancelled");
        assertThat(answer.path("error").path("message").asString()).contains("interrupted by request");
        assertThat(user.post("/api/v1/sessions/" + sessionId + "/query", Map.of("message", "next")).status())
                .isEqualTo(200);
    }

    @Test
    void messagesPersistedOnOneNodeReachSubscribersOnAnotherInOrderOnce() throws Exception {
        try (var subscription = nodeB.subscribe(UUID.fromString(sessionId), received::add)) {
            JsonNode answer = query("[[scenario:tool]] list");

            awaitTurnEnds(1);

            int count = answer.path("messageCount").asInt();
            assertThat(sequences()).containsExactly(LongStream.rangeClosed(1, count).boxed().toArray(Long[]::new));
            TurnResult end = ((SessionEvent.TurnFinished) received.getLast()).result();
            assertThat(end.turnId().toString()).isEqualTo(answer.path("turnId").asString());
            assertThat(end.response()).isEqualTo("The command printed: hi");
            assertThat(end.messageCount()).isEqualTo(count);
        }
    }

    @Test
    void aDroppedListenerCatchesUpFromTheTableWithoutGapOrDuplicate() throws Exception {
        try (var subscription = nodeB.subscribe(UUID.fromString(sessionId), received::add)) {
            int first = query("first").path("messageCount").asInt();
            awaitTurnEnds(1);

            int pid = nodeBListener.backendPid();
            assertThat(new JdbcTemplate(dataSource).queryForObject("select pg_terminate_backend(?)", Boolean.class,
                    pid)).isTrue();
            await().atMost(Duration.ofSeconds(10)).until(nodeBDatabase::reconnectWaiting);

            // Committed while node B listens to nothing: only the table can bring these back.
            int second = query("[[scenario:tool]] list").path("messageCount").asInt();
            assertThat(received).hasSize(first + 1);

            nodeBDatabase.allowReconnect();
            awaitTurnEnds(2);
            assertThat(nodeBListener.backendPid()).isNotIn(0, pid);

            int third = query("[[scenario:slow]] live again").path("messageCount").asInt();
            awaitTurnEnds(3);

            int total = first + second + third;
            assertThat(sequences()).containsExactly(LongStream.rangeClosed(1, total).boxed().toArray(Long[]::new));
            // Each turn's end comes right after its last message.
            assertThat(received.get(first)).isInstanceOf(SessionEvent.TurnFinished.class);
            assertThat(received.get(first + second + 1)).isInstanceOf(SessionEvent.TurnFinished.class);
            assertThat(received.getLast()).isInstanceOf(SessionEvent.TurnFinished.class);
            assertThat(received).hasSize(total + 3);
        }
    }

    private JsonNode query(String message) {
        var answer = user.post("/api/v1/sessions/" + sessionId + "/query", Map.of("message", message));
        assertThat(answer.status()).isEqualTo(200);
        return answer.json();
    }

    private void awaitTurnEnds(int turns) {
        await().atMost(Duration.ofSeconds(20)).until(() ->
                received.stream().filter(SessionEvent.TurnFinished.class::isInstance).count() >= turns);
    }

    private List<Long> sequences() {
        return received.stream().filter(SessionEvent.Message.class::isInstance)
                .map(e -> ((SessionEvent.Message) e).message().sequence()).toList();
    }

    /** Hands out the first connection at once and later ones only when the test allows: node B's reconnection. */
    private static final class GatedConnections implements ListenConnection.Source {

        private final ListenConnection.Source target;
        private final AtomicInteger opened = new AtomicInteger();
        private final Semaphore reconnects = new Semaphore(0);

        GatedConnections(ListenConnection.Source target) {
            this.target = target;
        }

        @Override
        public Connection open() throws SQLException {
            if (opened.getAndIncrement() > 0) {
                try {
                    reconnects.acquire();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new SQLException("interrupted while waiting to reconnect", e);
                }
            }
            return target.open();
        }

        boolean reconnectWaiting() {
            return reconnects.hasQueuedThreads();
        }

        void allowReconnect() {
            reconnects.release();
        }
    }
}
