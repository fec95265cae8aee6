package dev.baton.session;

import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The turn leases of this node: one turn per session at a time across all nodes, and none held by a dead node for
 * long.
 *
 * <p>A lease lasts {@code baton.sessions.turn-lease} (45 s). Every third of that, a node that runs turns renews the
 * leases of all of them in one UPDATE, however many they are, so a waiting turn costs no database work of its own.
 * A node that dies (kill -9, a lost machine) stops renewing: its leases run out within the lease time, the next turn
 * of such a session on any node takes the session over, and the dead node's turn is ended as {@code cli_crashed}
 * with its messages kept. Every node also sweeps, on the same beat, the turns still "running" whose lease ran out,
 * so such a turn ends even when its session gets no further query.
 */
@Component
class TurnLeases {

    private static final Logger log = LoggerFactory.getLogger(TurnLeases.class);
    static final String DEAD_NODE = "The Baton node running this turn stopped renewing the session's lease (it died or "
            + "lost the database), or a retry of the same task took the session over; the turn was ended and its "
            + "messages so far are kept";

    private final SessionRepository sessions;
    private final SessionTurnRepository turns;
    private final Duration lease;
    private final UUID node = UUID.randomUUID();
    /** The sessions whose turns run here, with how many (a retried attempt may briefly overlap its predecessor). */
    private final Map<UUID, Integer> held = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofVirtual().name("turn-leases").factory());

    TurnLeases(SessionRepository sessions, SessionTurnRepository turns, SessionProperties properties) {
        this.sessions = sessions;
        this.turns = turns;
        this.lease = properties.turnLease();
    }

    @EventListener(ApplicationReadyEvent.class)
    void start() {
        long every = lease.toMillis() / 3;
        timer.scheduleWithFixedDelay(this::beat, every, every, TimeUnit.MILLISECONDS);
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    /**
     * Claims the session for a turn of {@code owner}. Any turn of the session still marked running belonged to a
     * holder whose lease ran out, or to an earlier attempt of the same owner: it is ended here.
     *
     * @return false when another live turn holds the session
     */
    boolean claim(UUID sessionId, String owner) {
        Instant now = Instant.now();
        if (sessions.claimTurn(sessionId, now, now.plus(lease), owner, node) == 0) {
            return false;
        }
        held.merge(sessionId, 1, Integer::sum);
        int ended;
        try {
            ended = turns.failRunning(sessionId, "cli_crashed", DEAD_NODE, now);
        } catch (RuntimeException e) {
            release(sessionId, owner);
            throw e;
        }
        if (ended > 0) {
            log.warn("Took over session {} from a turn whose node stopped renewing its lease; ended {} turn(s)",
                    sessionId, ended);
        }
        return true;
    }

    void release(UUID sessionId, String owner) {
        held.computeIfPresent(sessionId, (id, count) -> count == 1 ? null : count - 1);
        sessions.releaseTurn(sessionId, owner, node);
    }

    /** Renews this node's leases, if it holds any, and ends the turns whose node is gone. */
    void beat() {
        try {
            Instant now = Instant.now();
            // Only the turns running here: a lease whose release failed is left to run out.
            List<UUID> running = List.copyOf(held.keySet());
            if (!running.isEmpty()) {
                sessions.renewTurns(node, running, now.plus(lease));
            }
            int ended = turns.failAbandoned("cli_crashed", DEAD_NODE, now);
            if (ended > 0) {
                log.warn("Ended {} turn(s) whose node stopped renewing their session's lease", ended);
            }
        } catch (RuntimeException e) {
            // The database may be away for a moment; the next beat tries again, well before a lease runs out.
            log.warn("Could not renew this node's turn leases: {}", e.toString());
        }
    }

    UUID node() {
        return node;
    }
}
