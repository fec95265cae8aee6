package dev.baton.session;

import dev.baton.claude.ClaudeFailure;
import dev.baton.claude.ClaudeOutcome;
import dev.baton.claude.ClaudeRun;
import dev.baton.claude.FailureType;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Interrupts session turns on whichever node runs them. A request goes out as a database notification on the session
 * channel ({@code <session id>:interrupt:<turn id>}); every node's {@link SessionNotifications} listener hands it to
 * {@link #deliver}, and the node that runs the turn kills its CLI's process tree. The node holding the turn pays
 * nothing while no interrupt comes: no polling, only the listener it already has.
 *
 * <p>Turns run with the prompt on stdin and stdin closed, not in the CLI's stream-json input mode, so there is no
 * channel for the CLI's own interrupt control request: the interrupt kills the process tree, as a cancel does.
 */
@Component
class TurnInterrupts {

    static final String MESSAGE = "The turn was interrupted by request; its messages so far are kept and the session "
            + "takes the next query.";

    private final JdbcTemplate jdbc;
    private final Map<UUID, Running> running = new ConcurrentHashMap<>();

    TurnInterrupts(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * One turn this node runs. Registered before its row is visible to other nodes, so an interrupt can never find
     * the turn in the database and miss it here; one that arrives before the CLI started stops it as it starts.
     */
    final class Running implements AutoCloseable {

        private final UUID turnId;
        private ClaudeRun run;
        private boolean interrupted;

        private Running(UUID turnId) {
            this.turnId = turnId;
        }

        synchronized void started(ClaudeRun claudeRun) {
            run = claudeRun;
            if (interrupted) {
                run.cancel();
            }
        }

        private void interrupt() {
            ClaudeRun toCancel;
            synchronized (this) {
                interrupted = true;
                toCancel = run;
            }
            // Outside the lock: killing the process tree waits for it.
            if (toCancel != null) {
                toCancel.cancel();
            }
        }

        /** Tells a turn that was interrupted from one that was cancelled for another reason. */
        synchronized ClaudeOutcome explain(ClaudeOutcome outcome) {
            if (!interrupted || outcome.failure() == null || outcome.failure().type() != FailureType.CANCELLED) {
                return outcome;
            }
            return new ClaudeOutcome(outcome.result(), new ClaudeFailure(FailureType.CANCELLED, MESSAGE, null),
                    outcome.exitCode(), outcome.stderrTail());
        }

        @Override
        public void close() {
            running.remove(turnId);
        }
    }

    Running register(UUID turnId) {
        Running turn = new Running(turnId);
        running.put(turnId, turn);
        return turn;
    }

    /** Asks every node, this one included, to interrupt the turn; the one that runs it does. */
    void request(UUID sessionId, UUID turnId) {
        jdbc.query("select pg_notify(?, ?)", resultSet -> null, SessionNotifications.CHANNEL,
                sessionId + ":interrupt:" + turnId);
    }

    /** An interrupt notification arrived; nothing happens unless this node runs the turn. */
    void deliver(UUID turnId) {
        Running turn = running.get(turnId);
        if (turn != null) {
            Thread.ofVirtual().name("interrupt-" + turnId).start(turn::interrupt);
        }
    }
}
