package dev.baton.user;

import java.math.BigDecimal;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The limits a new user starts with ({@code BATON_DEFAULT_MONTHLY_BUDGET_USD}, {@code
 * BATON_DEFAULT_MAX_CONCURRENT_TURNS}); unset means no limit. An admin changes a user's own with {@code PUT
 * /api/v1/users/{id}/limits}.
 */
@ConfigurationProperties("baton.users")
record UserLimitsProperties(BigDecimal defaultMonthlyBudgetUsd, Integer defaultMaxConcurrentTurns) {

    UserLimitsProperties {
        if (defaultMonthlyBudgetUsd != null && defaultMonthlyBudgetUsd.signum() < 0) {
            throw new IllegalArgumentException("BATON_DEFAULT_MONTHLY_BUDGET_USD must not be negative, was "
                    + defaultMonthlyBudgetUsd.toPlainString());
        }
        if (defaultMaxConcurrentTurns != null && defaultMaxConcurrentTurns < 1) {
            throw new IllegalArgumentException("BATON_DEFAULT_MAX_CONCURRENT_TURNS must be at least 1, was "
                    + defaultMaxConcurrentTurns);
        }
    }

    UserLimits defaults() {
        return new UserLimits(defaultMonthlyBudgetUsd, defaultMaxConcurrentTurns);
    }
}
