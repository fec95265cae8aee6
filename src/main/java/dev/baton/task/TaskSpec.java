package dev.baton.task;

import dev.baton.claude.PermissionMode;
import dev.baton.session.SessionSettings;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * Everything a task is, apart from its identity: validated once, then stored and used by executions.
 *
 * @param maxBudgetUsd the cap of each execution's turn ({@code --max-budget-usd}), or null for none
 */
public record TaskSpec(String name, String description, String promptTemplate, Map<String, String> variables,
        String model, PermissionMode permissionMode, List<String> allowedTools, List<String> disallowedTools,
        String workingDirectory, Integer maxTurns, int timeoutSeconds, RetryPolicy retry, BigDecimal maxBudgetUsd) {

    public TaskSpec {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        allowedTools = allowedTools == null ? List.of() : List.copyOf(allowedTools);
        disallowedTools = disallowedTools == null ? List.of() : List.copyOf(disallowedTools);
    }

    /** A task without a budget cap. */
    public TaskSpec(String name, String description, String promptTemplate, Map<String, String> variables,
            String model, PermissionMode permissionMode, List<String> allowedTools, List<String> disallowedTools,
            String workingDirectory, Integer maxTurns, int timeoutSeconds, RetryPolicy retry) {
        this(name, description, promptTemplate, variables, model, permissionMode, allowedTools, disallowedTools,
                workingDirectory, maxTurns, timeoutSeconds, retry, null);
    }

    /** The settings of the session each execution of this task creates. */
    public SessionSettings sessionSettings(String title) {
        return sessionSettings(title, maxBudgetUsd);
    }

    /** The same, with an execution's own budget cap in place of the task's ({@code null}: no cap). */
    public SessionSettings sessionSettings(String title, BigDecimal budgetUsd) {
        return new SessionSettings(title, model, permissionMode, allowedTools, disallowedTools, null, maxTurns,
                budgetUsd);
    }
}
