package dev.baton.schedule;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** What a schedule does when a run is due while the previous one is still running (Temporal's overlap policies). */
public enum OverlapPolicy {
    /** Drop the new run. */
    SKIP,
    /** Start it when the running one ends; keep at most one waiting. */
    BUFFER_ONE,
    /** Start them one after another when the running one ends; keep all waiting. */
    BUFFER_ALL,
    /** Cancel the running one and start the new one. */
    CANCEL_OTHER,
    /** Run them side by side. */
    ALLOW_ALL;

    @JsonValue
    public String jsonValue() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static OverlapPolicy from(String value) {
        for (OverlapPolicy policy : values()) {
            if (policy.jsonValue().equals(value)) {
                return policy;
            }
        }
        throw new IllegalArgumentException("'" + value
                + "' is not an overlap policy; expected one of skip, buffer_one, buffer_all, cancel_other, allow_all");
    }
}
