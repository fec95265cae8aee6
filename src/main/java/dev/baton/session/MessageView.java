package dev.baton.session;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.UUID;

/**
 * A persisted message as clients see it; {@code message} is the CLI's JSON, passed through unchanged, and
 * {@code attempt} the task attempt that produced it (absent for interactive turns).
 */
public record MessageView(long sequence, String type, String subtype, String text, String toolName,
        @JsonRawValue String message, UUID turnId, Integer attempt, Instant createdAt) {
}
