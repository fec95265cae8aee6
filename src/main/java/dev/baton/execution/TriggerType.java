package dev.baton.execution;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What started an execution: a person through the API, or a schedule. */
public enum TriggerType {
    MANUAL, SCHEDULED;

    @JsonValue
    public String jsonValue() {
        return name().toLowerCase(Locale.ROOT);
    }
}
