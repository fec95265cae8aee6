package dev.baton.approval;

import com.fasterxml.jackson.annotation.JsonRawValue;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/**
 * An approval request as the API, the WebSocket frames and the webhook events show it.
 *
 * @param input the tool's input as the CLI gave it
 * @param decidedBy the user who decided; null while pending and when the request expired
 * @param message the reason given with a deny, or the one Baton gave the CLI on expiry
 */
public record ApprovalView(UUID id, UUID sessionId, UUID turnId, UUID executionId, String toolName,
        @JsonRawValue @Schema(type = "object") String input, ApprovalStatus status, Instant createdAt,
        Instant expiresAt, Instant decidedAt, UUID decidedBy, String message) {
}
