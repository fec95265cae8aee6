package dev.baton.execution;

import io.temporal.api.enums.v1.TimeoutType;

/**
 * Temporal's timeouts in plain words, for an execution's error and its history events: what ran out, and what to do.
 * Pure functions, so workflow code may call them.
 */
final class TimeoutSentences {

    private TimeoutSentences() {
    }

    /** @param seconds the limit that ran out, or null when unknown */
    static String of(TimeoutType type, Long seconds) {
        String limit = seconds == null ? "" : " (" + seconds + " s)";
        return switch (type) {
            case TIMEOUT_TYPE_START_TO_CLOSE -> "Claude did not finish the attempt within the task's timeoutSeconds"
                    + limit + " and it was stopped; raise timeoutSeconds or ask for less.";
            case TIMEOUT_TYPE_HEARTBEAT -> "The worker running the attempt stopped reporting for longer than the "
                    + "heartbeat timeout" + limit + ", so it was given up on; check that the worker nodes are alive.";
            case TIMEOUT_TYPE_SCHEDULE_TO_START, TIMEOUT_TYPE_SCHEDULE_TO_CLOSE -> "No worker took the attempt in "
                    + "time" + limit + "; check that a worker node polls the task queue.";
            default -> "The attempt ran out of time" + limit + " and was stopped.";
        };
    }
}
