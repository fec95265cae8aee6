package dev.baton.session;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.UUID;

/** A persisted message as clients see it; {@code message} is the CLI's JSON, passed through unchanged. */
public record MessageView(long sequence, String type, String subtype, String text, String toolName,
        @JsonRawValue String message, UUID turnId, Instant createdAt) {
}
