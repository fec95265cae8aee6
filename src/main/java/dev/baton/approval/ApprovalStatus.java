package dev.baton.approval;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Where an approval request stands; only {@code pending} may still change. */
public enum ApprovalStatus {
    PENDING("pending"),
    ALLOWED("allowed"),
    DENIED("denied"),
    EXPIRED("expired");

    private final String jsonValue;

    ApprovalStatus(String jsonValue) {
        this.jsonValue = jsonValue;
    }

    @JsonValue
    public String jsonValue() {
        return jsonValue;
    }

    @JsonCreator
    public static ApprovalStatus from(String value) {
        for (ApprovalStatus status : values()) {
            if (status.jsonValue.equals(value)) {
                return status;
            }
        }
        throw new IllegalArgumentException("Unknown approval status '" + value
                + "'; expected pending, allowed, denied or expired");
    }

    @Converter
    static class Column implements AttributeConverter<ApprovalStatus, String> {

        @Override
        public String convertToDatabaseColumn(ApprovalStatus status) {
            return status == null ? null : status.jsonValue;
        }

        @Override
        public ApprovalStatus convertToEntityAttribute(String value) {
            return value == null ? null : from(value);
        }
    }
}
