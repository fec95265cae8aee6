package dev.baton.session;

import dev.baton.claude.PermissionMode;
import java.util.List;

/** What a session asks of Claude on every turn; validated before it is stored. */
public record SessionSettings(String title, String model, PermissionMode permissionMode, List<String> allowedTools,
        List<String> disallowedTools, String appendSystemPrompt, Integer maxTurns) {

    public SessionSettings {
        allowedTools = allowedTools == null ? List.of() : List.copyOf(allowedTools);
        disallowedTools = disallowedTools == null ? List.of() : List.copyOf(disallowedTools);
    }
}
