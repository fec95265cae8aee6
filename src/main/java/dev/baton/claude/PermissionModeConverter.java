package dev.baton.claude;

import jakarta.persistence.AttributeConverter;
import jakarta.persistence.Converter;

/** Stores a permission mode in the CLI's own spelling, so a column reads the same as the API and the command line. */
@Converter
public class PermissionModeConverter implements AttributeConverter<PermissionMode, String> {

    @Override
    public String convertToDatabaseColumn(PermissionMode mode) {
        return mode == null ? null : mode.cliValue();
    }

    @Override
    public PermissionMode convertToEntityAttribute(String value) {
        return PermissionMode.from(value);
    }
}
