package dev.baton.task;

import dev.baton.approval.ApprovalMode;
import dev.baton.approval.OnApprovalTimeout;
import dev.baton.claude.PermissionMode;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A task as the API shows it. */
public record TaskView(UUID id, String name, String description, String promptTemplate, Map<String, String> variables,
        String model, PermissionMode permissionMode, List<String> allowedTools, List<String> disallowedTools,
        String workingDirectory, Integer maxTurns, BigDecimal maxBudgetUsd, int timeoutSeconds, RetryPolicy retry,
        ApprovalMode approvalMode, int approvalTimeoutSeconds, OnApprovalTimeout onApprovalTimeout, Instant createdAt,
        Instant updatedAt) {

    static TaskView of(Task task) {
        TaskSpec s = task.spec();
        return new TaskView(task.id(), s.name(), s.description(), s.promptTemplate(), s.variables(), s.model(),
                s.permissionMode(), s.allowedTools(), s.disallowedTools(), s.workingDirectory(), s.maxTurns(),
                s.maxBudgetUsd(), s.timeoutSeconds(), s.retry(), s.approvalMode(), s.approvalTimeoutSeconds(),
                s.onApprovalTimeout(), task.createdAt(), task.updatedAt());
    }
}
