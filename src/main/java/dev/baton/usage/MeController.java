package dev.baton.usage;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.baton.user.CurrentUser;
import dev.baton.user.Role;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "Users")
class MeController {

    private final UserQuota quota;

    MeController(UserQuota quota) {
        this.quota = quota;
    }

    /**
     * The caller, their limits (null: none) and this calendar month's (UTC) spend, summed from the stored turns.
     */
    record Me(UUID id, String username, Role role, Limits limits, MonthSpend month) {
    }

    /** Shown with its nulls: a null limit is no limit. */
    @JsonInclude(JsonInclude.Include.ALWAYS)
    record Limits(BigDecimal monthlyBudgetUsd, Integer maxConcurrentTurns) {
    }

    record MonthSpend(Instant from, Instant resetsAt, BigDecimal spentUsd, int runningTurns) {
    }

    @GetMapping("/api/v1/users/me")
    @Operation(summary = "The user the API key belongs to, with their limits and this month's spend")
    Me me(@AuthenticationPrincipal CurrentUser user) {
        UserQuota.Month month = quota.month(user.id());
        return new Me(user.id(), user.username(), user.role(),
                new Limits(month.limits().monthlyBudgetUsd(), month.limits().maxConcurrentTurns()),
                new MonthSpend(month.window().start(), month.window().end(), month.spentUsd(), month.runningTurns()));
    }
}
