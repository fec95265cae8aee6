package dev.baton.web;

import dev.baton.claude.FailureType;
import java.math.BigDecimal;
import java.time.Instant;

/** The user's spend this month reached their monthly budget: answered 402 with problem type budget_exhausted. */
public class BudgetExhaustedException extends RuntimeException {

    public static final String TYPE = FailureType.BUDGET_EXHAUSTED.code();

    private final BigDecimal monthlyBudgetUsd;
    private final BigDecimal spentUsd;
    private final Instant resetsAt;

    public BudgetExhaustedException(BigDecimal monthlyBudgetUsd, BigDecimal spentUsd, Instant resetsAt) {
        super("This month's spend of " + spentUsd.toPlainString() + " USD has reached your monthlyBudgetUsd of "
                + monthlyBudgetUsd.toPlainString() + " USD; nothing was started. The budget resets at " + resetsAt
                + "; until then an admin may raise it (PUT /api/v1/users/{id}/limits).");
        this.monthlyBudgetUsd = monthlyBudgetUsd;
        this.spentUsd = spentUsd;
        this.resetsAt = resetsAt;
    }

    public BigDecimal monthlyBudgetUsd() {
        return monthlyBudgetUsd;
    }

    public BigDecimal spentUsd() {
        return spentUsd;
    }

    public Instant resetsAt() {
        return resetsAt;
    }
}
