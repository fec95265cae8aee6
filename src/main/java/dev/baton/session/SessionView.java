package dev.baton.session;

import dev.baton.approval.ApprovalMode;
import dev.baton.claude.PermissionMode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A session as the API shows it.
 *
 * @param runningTurn the turn running now; shown by {@code GET /api/v1/sessions/{id}} only, absent when none runs
 */
public record SessionView(UUID id, String title, String model, PermissionMode permissionMode,
        List<String> allowedTools, List<String> disallowedTools, String workingDirectory, String appendSystemPrompt,
        Integer maxTurns, BigDecimal maxBudgetUsd, ApprovalMode approvalMode, Integer approvalTimeoutSeconds,
        String claudeSessionId, BigDecimal totalCostUsd, Instant createdAt, Instant updatedAt, RunningTurn runningTurn) {

    static SessionView of(Session s) {
        return of(s, null);
    }

    static SessionView of(Session s, RunningTurn runningTurn) {
        return new SessionView(s.id(), s.title(), s.model(), s.permissionMode(), s.allowedTools(),
                s.disallowedTools(), s.workingDirectory(), s.appendSystemPrompt(), s.maxTurns(), s.maxBudgetUsd(),
                s.approvalMode(), s.approvalTimeoutSeconds(), s.claudeSessionId(),
                s.totalCostUsd(), s.createdAt(), s.updatedAt(), runningTurn);
    }
}
