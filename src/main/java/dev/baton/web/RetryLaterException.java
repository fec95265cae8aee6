package dev.baton.web;

import java.time.Duration;
import org.springframework.http.HttpStatus;

/** The request may succeed later: answered with its status and a {@code Retry-After} header. */
public class RetryLaterException extends RuntimeException {

    private final HttpStatus status;
    private final Duration retryAfter;

    public RetryLaterException(HttpStatus status, String message, Duration retryAfter) {
        super(message);
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public HttpStatus status() {
        return status;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
