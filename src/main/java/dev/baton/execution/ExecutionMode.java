package dev.baton.execution;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** {@code async} answers 202 at once; {@code sync} waits for the workflow to end, for clients not yet async. */
enum ExecutionMode {
    ASYNC, SYNC;

    @JsonValue
    String jsonValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    static ExecutionMode from(String value) {
        for (ExecutionMode mode : values()) {
            if (mode.jsonValue().equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("'" + value + "' is not an execution mode; expected async or sync");
    }
}
