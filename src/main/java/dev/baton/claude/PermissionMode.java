package dev.baton.claude;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The CLI's {@code --permission-mode} values; the JSON form is the CLI spelling. */
public enum PermissionMode {

    DEFAULT("default"),
    ACCEPT_EDITS("acceptEdits"),
    DONT_ASK("dontAsk"),
    PLAN("plan"),
    BYPASS_PERMISSIONS("bypassPermissions");

    private final String cliValue;

    PermissionMode(String cliValue) {
        this.cliValue = cliValue;
    }

    @JsonValue
    public String cliValue() {
        return cliValue;
    }

    /**
     * Accepts the CLI spelling ({@code acceptEdits}) and, for convenience, the enum name ({@code ACCEPT_EDITS}).
     *
     * @return null for null input
     * @throws IllegalArgumentException for anything else, naming the accepted values
     */
    @JsonCreator
    public static PermissionMode from(String value) {
        if (value == null) {
            return null;
        }
        for (PermissionMode mode : values()) {
            if (mode.cliValue.equals(value) || mode.name().equalsIgnoreCase(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("Unknown permission mode '" + value
                + "'; expected one of default, acceptEdits, dontAsk, plan, bypassPermissions");
    }
}
