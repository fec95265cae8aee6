package dev.baton.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.baton.support.RepositoryTest;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The turn lease and clean-up queries and the inserts of a new turn and a message, each against PostgreSQL itself. */
@RepositoryTest
class SessionRepositoryTest {

    private static final UUID NODE_A = UUID.fromString("a0000000-0000-4000-8000-000000000001");
    private static final UUID NODE_B = UUID.fromString("b0000000-0000-4000-8000-000000000002");

    @Autowired
    private SessionRepository sessions;
    @Autowired
    private SessionTurnRepository turns;
    @Autowired
    private SessionMessageRepository messages;
    @Autowired
    private DataSource dataSource;
    @Autowired
    private EntityManager entityManager;

    private RepositoryTest.Rows rows;
    private UUID session;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);

    @BeforeEach
    void aSession() {
        rows = new RepositoryTest.Rows(dataSource);
        session = rows.session(rows.user());
    }

    private String owner() {
        return rows.jdbc().queryForObject("select turn_owner from sessions where id = ?", String.class, session);
    }

    @Test
    void claimTurnTakesAFreeSession() {
        assertThat(sessions.claimTurn(session, now, now.plusSeconds(30), "websocket", NODE_A)).isOne();

        assertThat(owner()).isEqualTo("websocket");
        assertThat(sessions.turnOwner(session)).contains("websocket");
        assertThat(sessions.turnActive(session)).contains(true);
    }

    @Test
    void claimTurnRefusesALiveLeaseOfAnotherOwner() {
        sessions.claimTurn(session, now, now.plusSeconds(30), "websocket", NODE_A);

        assertThat(sessions.claimTurn(session, now, now.plusSeconds(30), "rest", NODE_B)).isZero();
        assertThat(owner()).isEqualTo("websocket");
    }

    @Test
    void claimTurnLetsTheSameOwnerTakeItsLeaseOverAtOnce() {
        sessions.claimTurn(session, now, now.plusSeconds(30), "execution:1", NODE_A);

        assertThat(sessions.claimTurn(session, now, now.plusSeconds(30), "execution:1", NODE_B)).isOne();
        assertThat(rows.jdbc().queryForObject("select turn_node from sessions where id = ?", UUID.class, session))
                .isEqualTo(NODE_B);
    }

    @Test
    void claimTurnTakesOverALeaseThatRanOut() {
        rows.lease(session, now.minusSeconds(1), "websocket", NODE_A);

        assertThat(sessions.claimTurn(session, now, now.plusSeconds(30), "rest", NODE_B)).isOne();
        assertThat(owner()).isEqualTo("rest");
    }

    @Test
    void releaseTurnFreesOnlyTheHoldersOwnLease() {
        sessions.claimTurn(session, now, now.plusSeconds(30), "websocket", NODE_A);

        sessions.releaseTurn(session, "websocket", NODE_B);
        assertThat(owner()).isEqualTo("websocket");
        sessions.releaseTurn(session, "rest", NODE_A);
        assertThat(owner()).isEqualTo("websocket");

        sessions.releaseTurn(session, "websocket", NODE_A);
        assertThat(owner()).isNull();
        assertThat(sessions.turnOwner(session)).isEmpty();
    }

    @Test
    void renewTurnsExtendsOnlyThisNodesLeases() {
        UUID other = rows.session(rows.user());
        rows.lease(session, now.plusSeconds(5), "websocket", NODE_A);
        rows.lease(other, now.plusSeconds(5), "websocket", NODE_B);

        assertThat(sessions.renewTurns(NODE_A, List.of(session, other), now.plus(Duration.ofMinutes(1)))).isOne();

        assertThat(rows.jdbc().queryForObject("select turn_lease_until from sessions where id = ?", Instant.class,
                other)).isEqualTo(now.plusSeconds(5));
    }

    @Test
    void failRunningEndsTheSessionsRunningTurnsOnly() {
        UUID running = rows.runningTurn(session);
        UUID elsewhere = rows.runningTurn(rows.session(rows.user()));

        assertThat(turns.failRunning(session, "cancelled", "stopped", now)).isOne();

        assertThat(status(running)).isEqualTo("FAILED");
        assertThat(rows.jdbc().queryForObject("select error_type from session_turns where id = ?", String.class,
                running)).isEqualTo("cancelled");
        assertThat(status(elsewhere)).isEqualTo("RUNNING");
    }

    @Test
    void failAbandonedEndsTurnsWhoseLeaseRanOutOrWasLetGo() {
        UUID abandoned = rows.runningTurn(session);
        rows.lease(session, now.minusSeconds(1), "websocket", NODE_A);
        UUID leased = rows.session(rows.user());
        UUID alive = rows.runningTurn(leased);
        rows.lease(leased, now.plusSeconds(30), "websocket", NODE_B);
        UUID unleased = rows.runningTurn(rows.session(rows.user()));

        assertThat(turns.failAbandoned("cli_crashed", "its node died", now)).isEqualTo(2);

        assertThat(status(abandoned)).isEqualTo("FAILED");
        assertThat(status(unleased)).isEqualTo("FAILED");
        assertThat(status(alive)).isEqualTo("RUNNING");
    }

    /** Baton assigns a turn's id, and save() must still insert it at once, not look for the row first. */
    @Test
    void savingANewTurnInsertsWithoutReadingFirstAndALoadedOneIsNotNew() {
        Statistics statistics = entityManager.getEntityManagerFactory().unwrap(SessionFactory.class).getStatistics();
        statistics.setStatisticsEnabled(true);
        statistics.clear();
        SessionTurn turn;
        try {
            turn = turns.saveAndFlush(new SessionTurn(session, null));
            assertThat(statistics.getPrepareStatementCount()).as("statements to save a new turn").isOne();
        } finally {
            statistics.setStatisticsEnabled(false);
        }
        entityManager.clear();

        SessionTurn loaded = turns.findById(turn.id()).orElseThrow();

        assertThat(turn.isNew()).isFalse();
        assertThat(loaded.isNew()).isFalse();
        assertThat(status(turn.id())).isEqualTo("RUNNING");
    }

    @Test
    void anInsertedMessageReadsBackAsItWasRecorded() {
        UUID turn = rows.runningTurn(session);
        var recorded = new SessionMessage(session, turn, 2, 7, "assistant", null, "hi", "Bash",
                "{\"type\":\"assistant\"}");

        messages.insert(recorded);

        // PostgreSQL keeps microseconds, and jsonb its own spacing.
        MessageView stored = messages.findFirstBySessionIdOrderBySequenceDesc(session).orElseThrow().view();
        assertThat(stored).usingRecursiveComparison().ignoringFields("message", "createdAt")
                .isEqualTo(recorded.view());
        assertThat(stored.message()).isEqualTo("{\"type\": \"assistant\"}");
        assertThat(stored.createdAt()).isCloseTo(recorded.view().createdAt(), within(1, ChronoUnit.MICROS));
    }

    private String status(UUID turn) {
        return rows.jdbc().queryForObject("select status from session_turns where id = ?", String.class, turn);
    }
}
