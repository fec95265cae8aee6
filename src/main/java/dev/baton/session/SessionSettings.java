package dev.baton.session;

import dev.baton.claude.PermissionMode;
import java.math.BigDecimal;
import java.util.List;

/**
 * What a session asks of Claude on every turn; validated before it is stored.
 *
 * @param maxBudgetUsd the cap of each turn ({@code --max-budget-usd}), or null for none
 */
public record SessionSettings(String title, String model, PermissionMode permissionMode, List<String> allowedTools,
        List<String> disallowedTools, String appendSystemPrompt, Integer maxTurns, BigDecimal maxBudgetUsd) {

    public SessionSettings {
        allowedTools = allowedTools == null ? List.of() : List.copyOf(allowedTools);
        disallowedTools = disallowedTools == null ? List.of() : List.copyOf(disallowedTools);
    }

    /** Settings without a budget cap. */
    public SessionSettings(String title, String model, PermissionMode permissionMode, List<String> allowedTools,
            List<String> disallowedTools, String appendSystemPrompt, Integer maxTurns) {
        this(title, model, permissionMode, allowedTools, disallowedTools, appendSystemPrompt, maxTurns, null);
    }
}
