package dev.baton.claude;

import java.time.Duration;

/** This node already runs its maximum number of CLI processes; try again after {@link #retryAfter()}. */
public class ClaudeCapacityException extends RuntimeException {

    private final Duration retryAfter;

    public ClaudeCapacityException(int maxConcurrent, Duration retryAfter) {
        super("All " + maxConcurrent + " Claude CLI slots on this node are busy; retry after "
                + retryAfter.toSeconds() + " s (an operator can raise BATON_CLAUDE_MAX_CONCURRENT)");
        this.retryAfter = retryAfter;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
