package dev.baton.execution;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * {@code queued → running (⇄ awaiting_approval) → completed | failed | cancelled | timed_out}; a terminal status is
 * never left.
 */
public enum ExecutionStatus {
    QUEUED, RUNNING, COMPLETED, FAILED, CANCELLED, TIMED_OUT, AWAITING_APPROVAL;

    public boolean isTerminal() {
        return this != QUEUED && this != RUNNING && this != AWAITING_APPROVAL;
    }

    @JsonValue
    public String jsonValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
