package dev.baton.approval;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Whether tool calls outside {@code allowedTools} are denied ({@code none}) or put to a person ({@code ask}). */
public enum ApprovalMode {
    NONE("none"),
    ASK("ask");

    private final String jsonValue;

    ApprovalMode(String jsonValue) {
        this.jsonValue = jsonValue;
    }

    @JsonValue
    public String jsonValue() {
        return jsonValue;
    }

    /** @throws IllegalArgumentException naming the accepted values, which the API answers as a 400 */
    @JsonCreator
    public static ApprovalMode from(String value) {
        if (value == null) {
            return null;
        }
        for (ApprovalMode mode : values()) {
            if (mode.jsonValue.equals(value)) {
                return mode;
            }
        }
        throw new IllegalArgumentException("Unknown approval mode '" + value + "'; expected none or ask");
    }

    /** Stored in the API's spelling. */
    @Converter
    public static class Column implements AttributeConverter<ApprovalMode, String> {

        @Override
        public String convertToDatabaseColumn(ApprovalMode mode) {
            return mode == null ? null : mode.jsonValue;
        }

        @Override
        public ApprovalMode convertToEntityAttribute(String value) {
            return from(value);
        }
    }
}
