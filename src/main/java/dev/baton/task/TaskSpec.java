package dev.baton.task;

import dev.baton.claude.PermissionMode;
import dev.baton.session.SessionSettings;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Everything a task is, apart from its identity: validated once, then stored and used by executions. */
public record TaskSpec(String name, String description, String promptTemplate, Map<String, String> variables,
        String model, PermissionMode permissionMode, List<String> allowedTools, List<String> disallowedTools,
        String workingDirectory, Integer maxTurns, int timeoutSeconds, RetryPolicy retry) {

    public TaskSpec {
        variables = variables == null ? Map.of() : Map.copyOf(variables);
        allowedTools = allowedTools == null ? List.of() : List.copyOf(allowedTools);
        disallowedTools = disallowedTools == null ? List.of() : List.copyOf(disallowedTools);
    }

    /** The names the prompt template uses that {@code values} gives no value for, in order of first use. */
    public Set<String> missingVariables(Map<String, String> values) {
        return new PromptTemplate(promptTemplate).missing(values);
    }

    /** The settings of the session each execution of this task creates. */
    public SessionSettings sessionSettings(String title) {
        return new SessionSettings(title, model, permissionMode, allowedTools, disallowedTools, null, maxTurns);
    }
}
