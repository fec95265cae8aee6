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
 * {@link ClaudeProperties#turnTimeout()}; a null {@code maxBudgetUsd} means no cap ({@code --max-budget-usd}). With
 * an {@code approver}, the CLI asks it about every tool call its permission rules do not already allow (see
 * {@link ToolApprover}); without one, such calls are denied.
 */
public record ClaudeRequest(String prompt, Path workingDirectory, Path configDirectory, String resumeSessionId,
        String model, PermissionMode permissionMode, List<String> allowedTools, List<String> disallowedTools,
        Integer maxTurns, String appendSystemPrompt, Duration timeout, BigDecimal maxBudgetUsd,
        ToolApprover approver) {

    /** A request without an approver. */
    public ClaudeRequest(String prompt, Path workingDirectory, Path configDirectory, String resumeSessionId,
            String model, PermissionMode permissionMode, List<String> allowedTools, List<String> disallowedTools,
            Integer maxTurns, String appendSystemPrompt, Duration timeout, BigDecimal maxBudgetUsd) {
        this(prompt, workingDirectory, configDirectory, resumeSessionId, model, permissionMode, allowedTools,
                disallowedTools, maxTurns, appendSystemPrompt, timeout, maxBudgetUsd, null);
    }

    public ClaudeRequest {
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(workingDirectory, "workingDirectory");
        Objects.requireNonNull(configDirectory, "configDirectory");
        allowedTools = allowedTools == null ? List.of() : List.copyOf(allowedTools);
        disallowedTools = disallowedTools == null ? List.of() : List.copyOf(disallowedTools);
    }

    /** This request, with its tool calls decided by {@code toolApprover}. */
    public ClaudeRequest withApprover(ToolApprover toolApprover) {
        return new ClaudeRequest(prompt, workingDirectory, configDirectory, resumeSessionId, model, permissionMode,
                allowedTools, disallowedTools, maxTurns, appendSystemPrompt, timeout, maxBudgetUsd, toolApprover);
    }

    /** A request without a budget cap or an approver. */
    public ClaudeRequest(String prompt, Path workingDirectory, Path configDirectory, String resumeSessionId,
            String model, PermissionMode permissionMode, List<String> allowedTools, List<String> disallowedTools,
            Integer maxTurns, String appendSystemPrompt, Duration timeout) {
        this(prompt, workingDirectory, configDirectory, resumeSessionId, model, permissionMode, allowedTools,
                disallowedTools, maxTurns, appendSystemPrompt, timeout, null, null);
    }

    /** A request with only the required parts set. */
    public static ClaudeRequest of(String prompt, Path workingDirectory, Path configDirectory) {
        return new ClaudeRequest(prompt, workingDirectory, configDirectory, null, null, null, null, null, null, null,
                null);
    }
}
