package dev.baton.web;

import dev.baton.claude.FailureType;

/**
 * This node cannot serve the request because of its own state, not the request's: answered 503 with the stable
 * {@code code} beside the detail, so that a client (or a load balancer that retries elsewhere) can tell the cause.
 */
public class ServiceUnavailableException extends RuntimeException {

    private final FailureType failure;

    public ServiceUnavailableException(FailureType failure, String message) {
        super(message);
        this.failure = failure;
    }

    public FailureType failure() {
        return failure;
    }
}
