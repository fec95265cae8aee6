package dev.baton.approval;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** What a task execution does when nobody decides in time: go on without the tool, or fail. */
public enum OnApprovalTimeout {
    DENY("deny"),
    FAIL("fail");

    private final String jsonValue;

    OnApprovalTimeout(String jsonValue) {
        this.jsonValue = jsonValue;
    }

    @JsonValue
    public String jsonValue() {
        return jsonValue;
    }

    @JsonCreator
    public static OnApprovalTimeout from(String value) {
        if (value == null) {
            return null;
        }
        for (OnApprovalTimeout choice : values()) {
            if (choice.jsonValue.equals(value)) {
                return choice;
            }
        }
        throw new IllegalArgumentException("Unknown onApprovalTimeout '" + value + "'; expected deny or fail");
    }

    @Converter
    public static class Column implements AttributeConverter<OnApprovalTimeout, String> {

        @Override
        public String convertToDatabaseColumn(OnApprovalTimeout choice) {
            return choice == null ? null : choice.jsonValue;
        }

        @Override
        public OnApprovalTimeout convertToEntityAttribute(String value) {
            return from(value);
        }
    }
}
