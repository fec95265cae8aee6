package dev.baton.web;

/**
 * This node cannot serve the request because of its own state, not the request's: answered 503 with the stable
 * {@code code} beside the detail, so that a client (or a load balancer that retries elsewhere) can tell the cause.
 */
public class ServiceUnavailableException extends RuntimeException {

    private final String code;

    public ServiceUnavailableException(String code, String message) {
        super(message);
        this.code = code;
    }

    public String code() {
        return code;
    }
}
