package dev.baton.session;

import dev.baton.claude.ClaudeRun;
import dev.baton.claude.ToolApprover;
import java.time.Duration;
import java.util.UUID;

/**
 * How a caller wants a turn run. Interactive queries use {@link #interactive}; task executions name themselves as
 * the lease owner, so a retried attempt can take over the lease of a crashed one, and mark messages with the attempt.
 *
 * @param leaseOwner who holds the session while the turn runs
 * @param attempt the task attempt, or null for interactive turns
 * @param timeout how long the CLI may run, or null for the configured turn timeout
 * @param resume whether to continue the session's Claude conversation; a retried task attempt starts afresh
 * @param observer notified as the turn progresses; runs on the CLI's reader thread, so it must be quick
 */
public record TurnOptions(String leaseOwner, Integer attempt, Duration timeout, boolean resume,
        TurnObserver observer, ToolApprovers approvers) {

    /** Options whose tool calls follow the session's {@code approvalMode}. */
    public TurnOptions(String leaseOwner, Integer attempt, Duration timeout, boolean resume, TurnObserver observer) {
        this(leaseOwner, attempt, timeout, resume, observer, null);
    }

    /** Decides the tool calls of a turn in place of the session's {@code approvalMode} (a task execution's way). */
    @FunctionalInterface
    public interface ToolApprovers {

        ToolApprover forTurn(UUID sessionId, UUID turnId);
    }

    /** A query from a client, over REST or a WebSocket. */
    public static TurnOptions interactive(TurnStarter starter) {
        return new TurnOptions(starter.owner(UUID.randomUUID()), null, null, true, TurnObserver.NONE);
    }

    /** Hooks into a running turn, for callers that report progress or must be able to kill it. */
    public interface TurnObserver {

        TurnObserver NONE = new TurnObserver() {
        };

        /** The CLI process is running; {@code run.cancel()} kills it. */
        default void started(ClaudeRun run) {
        }

        default void message(MessageView message) {
        }
    }
}
