package dev.baton.claude;

import java.util.Locale;

/** Why a turn did not succeed, and whether running the same turn again can help. */
public enum FailureType {

    AUTHENTICATION(false),
    BAD_REQUEST(false),
    RATE_LIMITED(true),
    OVERLOADED(true),
    SERVER_ERROR(true),
    MAX_TURNS(false),
    INVALID_CONFIGURATION(false),
    CLI_MISSING(false),
    CLI_CRASHED(true),
    TIMED_OUT(true),
    CANCELLED(false);

    private final boolean retryable;

    FailureType(boolean retryable) {
        this.retryable = retryable;
    }

    /** Lowercase snake case, stable for APIs and the database: {@code bad_request}. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean retryable() {
        return retryable;
    }
}
