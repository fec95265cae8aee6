package dev.baton.session;

import dev.baton.approval.ApprovalMode;
import dev.baton.claude.PermissionMode;
import java.math.BigDecimal;
import java.util.List;

/**
 * What a session asks of Claude on every turn; validated before it is stored.
 *
 * @param maxBudgetUsd the cap of each turn ({@code --max-budget-usd}), or null for none
 * @param approvalMode {@code ask} puts tool calls outside {@code allowedTools} to a person; null means {@code none}
 * @param approvalTimeoutSeconds how long such a call waits for a decision; null means the configured default
 */
public record SessionSettings(String title, String model, PermissionMode permissionMode, List<String> allowedTools,
        List<String> disallowedTools, String appendSystemPrompt, Integer maxTurns, BigDecimal maxBudgetUsd,
        ApprovalMode approvalMode, Integer approvalTimeoutSeconds) {

    public SessionSettings {
        allowedTools = allowedTools == null ? List.of() : List.copyOf(allowedTools);
        disallowedTools = disallowedTools == null ? List.of() : List.copyOf(disallowedTools);
        approvalMode = approvalMode == null ? ApprovalMode.NONE : approvalMode;
    }

    /** Settings without a budget cap or approvals. */
    public SessionSettings(String title, String model, PermissionMode permissionMode, List<String> allowedTools,
            List<String> disallowedTools, String appendSystemPrompt, Integer maxTurns) {
        this(title, model, permissionMode, allowedTools, disallowedTools, appendSystemPrompt, maxTurns, null, null,
                null);
    }
}
