package dev.baton.execution;

import dev.baton.web.Budgets;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.util.Map;

/**
 * The body of {@code POST /api/v1/tasks/{id}/execute}; every field is optional. {@code maxBudgetUsd} replaces the
 * task's cap for this execution.
 */
@Schema(example = """
        {"variables": {"namespace": "prod"}, "executionMode": "async", "maxBudgetUsd": 0.50}""")
record ExecuteRequest(@Size(max = 100) Map<String, @NotNull @Size(max = 100_000) String> variables,
        ExecutionMode executionMode,
        @DecimalMin(value = "0", inclusive = false) @DecimalMax(Budgets.MAX)
        @Digits(integer = Budgets.INTEGER, fraction = Budgets.FRACTION) BigDecimal maxBudgetUsd) {

    static final ExecuteRequest EMPTY = new ExecuteRequest(null, null, null);

    Map<String, String> variablesOrEmpty() {
        return variables == null ? Map.of() : variables;
    }

    ExecutionMode modeOrDefault() {
        return executionMode == null ? ExecutionMode.ASYNC : executionMode;
    }
}
