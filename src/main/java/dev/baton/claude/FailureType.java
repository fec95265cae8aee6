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
    CANCELLED(false),
    /**
     * The session's working directory is missing on the node that got the turn although the session has had turns:
     * its files are on another node's disk. Another node (a retried task attempt) may have them.
     */
    WORKSPACE_UNAVAILABLE(true);

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
