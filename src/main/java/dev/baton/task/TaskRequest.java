package dev.baton.task;

import dev.baton.approval.ApprovalMode;
import dev.baton.approval.OnApprovalTimeout;
import dev.baton.claude.CliValues;
import dev.baton.claude.PermissionMode;
import dev.baton.web.Budgets;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST} and {@code PUT /api/v1/tasks}, and what a workflow file's task fields are read into, so
 * that both are checked by the same constraints.
 */
@Schema(example = """
        {"name": "k8s-health", "promptTemplate": "Check the health of the {{namespace}} namespace and report problems.",
         "variables": {"namespace": "default"}, "allowedTools": ["Bash(kubectl get:*)"], "timeoutSeconds": 900,
         "retry": {"maxAttempts": 3, "initialIntervalSeconds": 10, "backoffCoefficient": 2.0,
                   "maximumIntervalSeconds": 300}, "maxBudgetUsd": 1.50}""")
public record TaskRequest(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 2000) String description,
        @NotBlank @Size(max = 100_000) String promptTemplate,
        @Size(max = 100) Map<@Pattern(regexp = PromptTemplate.NAME, message = "variable names are letters, digits, "
                + "'_', '.' and '-', starting with a letter or '_'") String, @NotNull @Size(max = 100_000) String> variables,
        @Pattern(regexp = CliValues.MODEL, message = CliValues.MODEL_MESSAGE) String model,
        PermissionMode permissionMode,
        @Size(max = 100) List<@NotNull @Pattern(regexp = CliValues.TOOL, message = CliValues.TOOL_MESSAGE) String> allowedTools,
        @Size(max = 100) List<@NotNull @Pattern(regexp = CliValues.TOOL, message = CliValues.TOOL_MESSAGE) String> disallowedTools,
        @Size(max = 4096) String workingDirectory,
        @Min(1) @Max(1000) Integer maxTurns,
        @Min(10) @Max(86_400) Integer timeoutSeconds,
        @Valid RetryRequest retry,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax(Budgets.MAX)
        @Digits(integer = Budgets.INTEGER, fraction = Budgets.FRACTION) BigDecimal maxBudgetUsd,
        ApprovalMode approvalMode,
        @Min(10) @Max(30 * 86_400) Integer approvalTimeoutSeconds,
        OnApprovalTimeout onApprovalTimeout) {

    /** What a task without {@code timeoutSeconds} gets: half an hour. */
    public static final int DEFAULT_TIMEOUT_SECONDS = 1800;

    public TaskSpec spec() {
        return new TaskSpec(name, description, promptTemplate, variables, model, permissionMode, allowedTools,
                disallowedTools, workingDirectory, maxTurns,
                timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds,
                retry == null ? RetryPolicy.DEFAULT : retry.policy(), maxBudgetUsd, approvalMode,
                approvalTimeoutSeconds == null ? 0 : approvalTimeoutSeconds, onApprovalTimeout);
    }

    /** The retry section of a task request; missing fields take {@link RetryPolicy#DEFAULT}'s values. */
    public record RetryRequest(
            @Min(1) @Max(100) Integer maxAttempts,
            @Min(1) @Max(3600) Integer initialIntervalSeconds,
            @DecimalMin("1.0") @DecimalMax("10.0") Double backoffCoefficient,
            @Min(1) @Max(86400) Integer maximumIntervalSeconds) {

        RetryPolicy policy() {
            RetryPolicy d = RetryPolicy.DEFAULT;
            return new RetryPolicy(maxAttempts == null ? d.maxAttempts() : maxAttempts,
                    initialIntervalSeconds == null ? d.initialIntervalSeconds() : initialIntervalSeconds,
                    backoffCoefficient == null ? d.backoffCoefficient() : backoffCoefficient,
                    maximumIntervalSeconds == null ? d.maximumIntervalSeconds() : maximumIntervalSeconds);
        }
    }
}
