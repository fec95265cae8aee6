package dev.baton.session;

import dev.baton.claude.PermissionMode;
import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;
import java.util.Arrays;

/** Stores the CLI's own spelling, so the column reads the same as the API and the command line. */
@Converter
class PermissionModeConverter implements AttributeConverter<PermissionMode, String> {

    @Override
    public String convertToDatabaseColumn(PermissionMode mode) {
        return mode == null ? null : mode.cliValue();
    }

    @Override
    public PermissionMode convertToEntityAttribute(String value) {
        return value == null ? null : Arrays.stream(PermissionMode.values())
                .filter(m -> m.cliValue().equals(value)).findFirst()
                .orElseThrow(() -> new IllegalStateException("Unknown permission mode in database: " + value));
    }
}
