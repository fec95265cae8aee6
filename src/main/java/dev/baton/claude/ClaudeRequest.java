package dev.baton.claude;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One headless turn of the Claude CLI.
 *
 * <p>{@code prompt}, {@code workingDirectory} and {@code configDirectory} are required; everything else
 * is optional and only turned into a CLI flag when set. A null {@code timeout} means
 * {@link ClaudeProperties#turnTimeout()}; a null {@code maxBudgetUsd} means no cap ({@code --max-budget-usd}).
 */
public record ClaudeRequest(String prompt, Path workingDirectory, Path configDirectory, String resumeSessionId,
        String model, PermissionMode permissionMode, List<String> allowedTools, List<String> disallowedTools,
        Integer maxTurns, String appendSystemPrompt, Duration timeout, BigDecimal maxBudgetUsd) {

    public ClaudeRequest {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(configDirectory, "configDirectory");
        allowedTools = allowedTools == null ? List.of() : List.copyOf(allowedTools);
        disallowedTools = disallowedTools == null ? List.of() : List.copyOf(disallowedTools);
    }

    /** A request without a budget cap. */
    public ClaudeRequest(String prompt, Path workingDirectory, Path configDirectory, String resumeSessionId,
            String model, PermissionMode permissionMode, List<String> allowedTools, List<String> disallowedTools,
            Integer maxTurns, String appendSystemPrompt, Duration timeout) {
        this(prompt, workingDirectory, configDirectory, resumeSessionId, model, permissionMode, allowedTools,
                disallowedTools, maxTurns, appendSystemPrompt, timeout, null);
    }

    /** A request with only the required parts set. */
    public static ClaudeRequest of(String prompt, Path workingDirectory, Path configDirectory) {
        return new ClaudeRequest(prompt, workingDirectory, configDirectory, null, null, null, null, null, null, null,
                null);
    }
}
