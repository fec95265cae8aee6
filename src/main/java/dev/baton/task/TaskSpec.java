package dev.baton.task;

import dev.baton.approval.ApprovalMode;
import dev.baton.approval.OnApprovalTimeout;
import dev.baton.claude.PermissionMode;
import dev.baton.session.SessionSettings;
import java.util.List;
import java.util.Map;

/**
 * Everything a task is, apart from its identity: validated once, then stored and used by executions.
 *
 * @param approvalMode {@code ask}: a tool call outside {@code allowedTools} waits for a person, durably
 * @param approvalTimeoutSeconds how long such a call waits before {@code onApprovalTimeout} applies
 */
public record TaskSpec(String name, String description, String promptTemplate, Map<String, String> variables,
        String model, PermissionMode permissionMode, List<String> allowedTools, List<String> disallowedTools,
        String workingDirectory, Integer maxTurns, int timeoutSeconds, RetryPolicy retry, ApprovalMode approvalMode,
        int approvalTimeoutSeconds, OnApprovalTimeout onApprovalTimeout) {

    /** A day: nobody may be watching when a task asks. */
    public static final int DEFAULT_APPROVAL_TIMEOUT_SECONDS = 86_400;

    public TaskSpec {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        allowedTools = allowedTools == null ? List.of() : List.copyOf(allowedTools);
        disallowedTools = disallowedTools == null ? List.of() : List.copyOf(disallowedTools);
        approvalMode = approvalMode == null ? ApprovalMode.NONE : approvalMode;
        approvalTimeoutSeconds = approvalTimeoutSeconds <= 0 ? DEFAULT_APPROVAL_TIMEOUT_SECONDS
                : approvalTimeoutSeconds;
        onApprovalTimeout = onApprovalTimeout == null ? OnApprovalTimeout.DENY : onApprovalTimeout;
    }

    /** A task without approvals. */
    public TaskSpec(String name, String description, String promptTemplate, Map<String, String> variables,
            String model, PermissionMode permissionMode, List<String> allowedTools, List<String> disallowedTools,
            String workingDirectory, Integer maxTurns, int timeoutSeconds, RetryPolicy retry) {
        this(name, description, promptTemplate, variables, model, permissionMode, allowedTools, disallowedTools,
                workingDirectory, maxTurns, timeoutSeconds, retry, null, 0, null);
    }

    /** The settings of the session each execution of this task creates. */
    public SessionSettings sessionSettings(String title) {
        return new SessionSettings(title, model, permissionMode, allowedTools, disallowedTools, null, maxTurns);
    }
}
