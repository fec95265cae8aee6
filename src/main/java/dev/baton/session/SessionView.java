package dev.baton.session;

import dev.baton.claude.PermissionMode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A session as the API shows it. */
public record SessionView(UUID id, String title, String model, PermissionMode permissionMode,
        List<String> allowedTools, List<String> disallowedTools, String workingDirectory, String appendSystemPrompt,
        Integer maxTurns, String claudeSessionId, BigDecimal totalCostUsd, Instant createdAt, Instant updatedAt) {

    static SessionView of(Session s) {
        return new SessionView(s.id(), s.title(), s.model(), s.permissionMode(), s.allowedTools(),
                s.disallowedTools(), s.workingDirectory(), s.appendSystemPrompt(), s.maxTurns(), s.claudeSessionId(),
                s.totalCostUsd(), s.createdAt(), s.updatedAt());
    }
}
