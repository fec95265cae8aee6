package dev.baton.user;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.baton.web.Budgets;
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
import java.math.BigDecimal;
import java.util.UUID;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Users")
class UserLimitsController {

    private final UserLimitsService limits;

    UserLimitsController(UserLimitsService limits) {
        this.limits = limits;
    }

    /** Both limits are replaced; a missing or null one is no limit. */
    @Schema(example = """
            {"monthlyBudgetUsd": 200, "maxConcurrentTurns": 4}""")
    record LimitsRequest(
            @DecimalMin("0") @DecimalMax(Budgets.MAX) @Digits(integer = Budgets.INTEGER, fraction = 2)
            BigDecimal monthlyBudgetUsd,
            @Min(1) @Max(1000) Integer maxConcurrentTurns) {
    }

    @JsonInclude(JsonInclude.Include.ALWAYS)
    record LimitsView(UUID userId, BigDecimal monthlyBudgetUsd, Integer maxConcurrentTurns) {
    }

    @PutMapping("/api/v1/users/{id}/limits")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Set a user's monthly budget and concurrent-turn limit (admin only); null is no limit")
    @ApiResponse(responseCode = "200", description = "The user's limits as they now are")
    @ApiResponse(responseCode = "403", description = "Only an admin may set limits")
    @ApiResponse(responseCode = "404", description = "No such user")
    LimitsView set(@PathVariable UUID id, @Valid @RequestBody LimitsRequest request) {
        UserLimits set = limits.set(id, new UserLimits(request.monthlyBudgetUsd(), request.maxConcurrentTurns()));
        return new LimitsView(id, set.monthlyBudgetUsd(), set.maxConcurrentTurns());
    }
}
