package dev.baton.execution;

import dev.baton.web.Budgets;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.math.BigDecimal;

/**
 * The body of {@code POST /api/v1/executions/{id}/continue}; every field is optional. {@code additionalBudgetUsd}
 * caps the continuation's turn and {@code maxTurns} its turns (each keeps the execution's own when left out);
 * {@code message} is what Claude is told, by default to continue where it stopped.
 */
@Schema(example = """
        {"additionalBudgetUsd": 1.00, "maxTurns": 20}""")
record ContinueRequest(
        @DecimalMin(value = "0", inclusive = false) @DecimalMax(Budgets.MAX)
        @Digits(integer = Budgets.INTEGER, fraction = Budgets.FRACTION) BigDecimal additionalBudgetUsd,
        @Min(1) @Max(1000) Integer maxTurns,
        String message) {

    static final ContinueRequest EMPTY = new ContinueRequest(null, null, null);
}
