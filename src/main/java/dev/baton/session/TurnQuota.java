package dev.baton.session;

import dev.baton.web.BudgetExhaustedException;
import dev.baton.web.RetryLaterException;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * A user's limits that every turn must respect, owned here so that sessions need not know where spend is kept (the
 * usage module implements it, and depends on sessions, not the other way round).
 */
public interface TurnQuota {

    /**
     * Refuses a turn, or an execution's start, once this month's spend has reached the user's monthly budget, and
     * publishes the refusal as a {@link TurnRefused} ({@code sessionId} may be null: no session yet).
     *
     * @throws BudgetExhaustedException when the budget is spent
     */
    void checkBudget(UUID userId, UUID sessionId);

    /**
     * Runs {@code claim} (taking a session's turn lease) unless the user already runs maxConcurrentTurns turns.
     *
     * @throws RetryLaterException (429) when the user is at the limit; {@code claim} did not run
     */
    boolean claimWithinConcurrency(UUID userId, BooleanSupplier claim);
}
