package dev.baton.task;

import dev.baton.approval.ApprovalMode;
import dev.baton.approval.OnApprovalTimeout;
import dev.baton.claude.CliValues;
import dev.baton.claude.PermissionMode;
import dev.baton.web.Budgets;
import dev.baton.user.CurrentUser;
import dev.baton.web.PageView;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
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
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/tasks")
@Tag(name = "Tasks", description = "Saved prompt templates, executed on Temporal")
class TaskController {

    static final int DEFAULT_TIMEOUT_SECONDS = 1800;

    private final TaskService tasks;

    TaskController(TaskService tasks) {
        this.tasks = tasks;
    }

    record RetryRequest(
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

    @Schema(example = """
            {"name": "k8s-health", "promptTemplate": "Check the health of the {{namespace}} namespace and report problems.",
             "variables": {"namespace": "default"}, "allowedTools": ["Bash(kubectl get:*)"], "timeoutSeconds": 900,
             "retry": {"maxAttempts": 3, "initialIntervalSeconds": 10, "backoffCoefficient": 2.0,
                       "maximumIntervalSeconds": 300}, "maxBudgetUsd": 1.50}""")
    record TaskRequest(
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

        TaskSpec spec() {
            return new TaskSpec(name, description, promptTemplate, variables, model, permissionMode, allowedTools,
                    disallowedTools, workingDirectory, maxTurns,
                    timeoutSeconds == null ? DEFAULT_TIMEOUT_SECONDS : timeoutSeconds,
                    retry == null ? RetryPolicy.DEFAULT : retry.policy(), maxBudgetUsd, approvalMode,
                    approvalTimeoutSeconds == null ? 0 : approvalTimeoutSeconds, onApprovalTimeout);
        }
    }

    @PostMapping
    @Operation(summary = "Create a task")
    @ApiResponse(responseCode = "201", description = "The task, at the URL in Location")
    @ApiResponse(responseCode = "409", description = "You already have a task of that name")
    ResponseEntity<TaskView> create(@AuthenticationPrincipal CurrentUser user, @Valid @RequestBody TaskRequest request) {
        TaskView task = tasks.create(user.id(), request.spec());
        return ResponseEntity.created(URI.create("/api/v1/tasks/" + task.id())).body(task);
    }

    @GetMapping
    @Operation(summary = "List your tasks, newest first")
    PageView<TaskView> list(@AuthenticationPrincipal CurrentUser user,
            @RequestParam(defaultValue = "0") @Min(0) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int size) {
        return tasks.list(user.id(), page, size);
    }

    @GetMapping("/{id}")
    TaskView get(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        return tasks.get(id, user.id());
    }

    @PutMapping("/{id}")
    @Operation(summary = "Replace a task's definition")
    @ApiResponse(responseCode = "200", description = "The task as it now is")
    @ApiResponse(responseCode = "409", description = "You already have another task of that name")
    TaskView update(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id,
            @Valid @RequestBody TaskRequest request) {
        return tasks.update(id, user.id(), request.spec());
    }

    @DeleteMapping("/{id}")
    @Operation(summary = "Delete a task, its schedule and its finished executions")
    @ApiResponse(responseCode = "204", description = "Deleted")
    @ApiResponse(responseCode = "409", description = "Executions of the task are still running")
    ResponseEntity<Void> delete(@AuthenticationPrincipal CurrentUser user, @PathVariable UUID id) {
        tasks.delete(id, user.id());
        return ResponseEntity.noContent().build();
    }
}
