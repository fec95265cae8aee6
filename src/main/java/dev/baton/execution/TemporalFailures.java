package dev.baton.execution;

import dev.baton.claude.FailureType;
import io.temporal.failure.ApplicationFailure;

/** Activity failures typed from {@link FailureType}: its Temporal type, and retryable exactly when it is. */
final class TemporalFailures {

    private TemporalFailures() {
    }

    static ApplicationFailure of(FailureType type, String message, Object... details) {
        return type.retryable()
                ? ApplicationFailure.newFailure(message, type.temporalType(), details)
                : ApplicationFailure.newNonRetryableFailure(message, type.temporalType(), details);
    }
}
