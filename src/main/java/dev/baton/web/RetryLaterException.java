package dev.baton.web;

import dev.baton.claude.FailureType;
import java.time.Duration;

/** The request may succeed later: answered with its status and a {@code Retry-After} header. */
public class RetryLaterException extends RuntimeException {

    private final FailureType failure;
    private final Duration retryAfter;

    /** @param failure why, which also gives the HTTP status: {@code capacity} (429), {@code cli_missing} (503), ... */
    public RetryLaterException(FailureType failure, String message, Duration retryAfter) {
        super(message);
        this.failure = failure;
        this.retryAfter = retryAfter;
    }

    public FailureType failure() {
        return failure;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
