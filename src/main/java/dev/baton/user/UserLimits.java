package dev.baton.user;

import java.math.BigDecimal;

/**
 * What a user may spend and run: a calendar month's (UTC) cost of turns, and turns running at once. A null limit is
 * no limit.
 */
public record UserLimits(BigDecimal monthlyBudgetUsd, Integer maxConcurrentTurns) {

    public static final UserLimits NONE = new UserLimits(null, null);
}
