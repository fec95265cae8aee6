package dev.baton.task;

import dev.baton.approval.ApprovalMode;
import dev.baton.approval.OnApprovalTimeout;
import dev.baton.claude.PermissionMode;
import dev.baton.session.SessionSettings;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Everything a task is, apart from its identity: validated once, then stored and used by executions.
 *
 * @param maxBudgetUsd the cap of each execution's turn ({@code --max-budget-usd}), or null for none
 * @param approvalMode {@code ask}: a tool call outside {@code allowedTools} waits for a person, durably
 * @param approvalTimeoutSeconds how long such a call waits before {@code onApprovalTimeout} applies
 */
public record TaskSpec(String name, String description, String promptTemplate, Map<String, String> variables,
        String model, PermissionMode permissionMode, List<String> allowedTools, List<String> disallowedTools,
        String workingDirectory, Integer maxTurns, int timeoutSeconds, RetryPolicy retry, BigDecimal maxBudgetUsd,
        ApprovalMode approvalMode, int approvalTimeoutSeconds, OnApprovalTimeout onApprovalTimeout) {

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

    /** A task without a budget cap or approvals. */
    public TaskSpec(String name, String description, String promptTemplate, Map<String, String> variables,
            String model, PermissionMode permissionMode, List<String> allowedTools, List<String> disallowedTools,
            String workingDirectory, Integer maxTurns, int timeoutSeconds, RetryPolicy retry) {
        this(name, description, promptTemplate, variables, model, permissionMode, allowedTools, disallowedTools,
                workingDirectory, maxTurns, timeoutSeconds, retry, null);
    }

    /** A task without approvals. */
    public TaskSpec(String name, String description, String promptTemplate, Map<String, String> variables,
            String model, PermissionMode permissionMode, List<String> allowedTools, List<String> disallowedTools,
            String workingDirectory, Integer maxTurns, int timeoutSeconds, RetryPolicy retry, BigDecimal maxBudgetUsd) {
        this(name, description, promptTemplate, variables, model, permissionMode, allowedTools, disallowedTools,
                workingDirectory, maxTurns, timeoutSeconds, retry, maxBudgetUsd, null, 0, null);
    }

    /** The names the prompt template uses that {@code values} gives no value for, in order of first use. */
    public Set<String> missingVariables(Map<String, String> values) {
        return new PromptTemplate(promptTemplate).missing(values);
    }

    /** The settings of the session each execution of this task creates. */
    public SessionSettings sessionSettings(String title) {
        return sessionSettings(title, maxBudgetUsd);
    }

    /**
     * The same, with an execution's own budget cap in place of the task's ({@code null}: no cap). The session's own
     * approval mode stays {@code none}: an execution decides its tool calls per turn (see the execution's approver).
     */
    public SessionSettings sessionSettings(String title, BigDecimal budgetUsd) {
        return new SessionSettings(title, model, permissionMode, allowedTools, disallowedTools, null, maxTurns,
                budgetUsd, null, null);
    }
}
