package dev.baton.usage;

import dev.baton.claude.FailureType;
import dev.baton.session.TurnQuota;
import dev.baton.session.TurnRefused;
import dev.baton.user.UserLimits;
import dev.baton.user.UserLimitsService;
import dev.baton.web.BudgetExhaustedException;
import dev.baton.web.RetryLaterException;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Enforces a user's limits before anything is started or written on their behalf. */
@Component
public class UserQuota implements TurnQuota {

    /** How soon a client refused for its concurrent turns should try again. */
    static final Duration CONCURRENCY_RETRY_AFTER = Duration.ofSeconds(5);
    private static final int USER_LOCK = 7347018;

    private final UserLimitsService limits;
    private final Spend spend;
    private final Clock clock;
    private final TransactionTemplate transactions;
    private final JdbcTemplate jdbc;
    private final ApplicationEventPublisher events;

    UserQuota(UserLimitsService limits, Spend spend, TransactionTemplate transactions, JdbcTemplate jdbc,
            ApplicationEventPublisher events) {
        this.limits = limits;
        this.spend = spend;
        this.clock = Clock.systemUTC();
        this.transactions = transactions;
        this.jdbc = jdbc;
        this.events = events;
    }

    @Override
    public void checkBudget(UUID userId, UUID sessionId) {
        BigDecimal budget = limits.limits(userId).monthlyBudgetUsd();
        if (budget == null) {
            return;
        }
        MonthWindow month = MonthWindow.of(clock.instant());
        BigDecimal spent = spend.of(userId, month);
        if (spent.compareTo(budget) >= 0) {
            events.publishEvent(new TurnRefused(sessionId, TurnRefused.Reason.BUDGET_EXHAUSTED));
            throw new BudgetExhaustedException(budget, spent, month.end());
        }
    }

    /** @throws RetryLaterException (429) when the user already runs maxConcurrentTurns turns */
    public void checkConcurrency(UUID userId) {
        Integer cap = limits.limits(userId).maxConcurrentTurns();
        if (cap == null) {
            return;
        }
        int running = spend.runningTurns(userId);
        if (running >= cap) {
            throw new RetryLaterException(FailureType.USER_CONCURRENCY, "You already run " + running
                    + " turns, your maxConcurrentTurns; send this query when one of them ends.",
                    CONCURRENCY_RETRY_AFTER);
        }
    }

    /**
     * Runs {@code claim} (taking a session's turn lease) unless the user already runs maxConcurrentTurns turns. The
     * check and the claim hold the user's lock together, so two queries at once cannot both take the last slot.
     *
     * @throws RetryLaterException (429) when the user is at the limit; {@code claim} did not run
     */
    @Override
    public boolean claimWithinConcurrency(UUID userId, BooleanSupplier claim) {
        if (limits.limits(userId).maxConcurrentTurns() == null) {
            return claim.getAsBoolean();
        }
        return Boolean.TRUE.equals(transactions.execute(status -> {
            jdbc.queryForList("select pg_advisory_xact_lock(?, hashtext(?))", USER_LOCK, userId.toString());
            checkConcurrency(userId);
            return claim.getAsBoolean();
        }));
    }

    /** Whether the user may start one more turn now, counting {@code startingHere} turns not yet leased. */
    public boolean hasRoomFor(UUID userId, int startingHere) {
        Integer cap = limits.limits(userId).maxConcurrentTurns();
        return cap == null || spend.runningTurns(userId) + startingHere < cap;
    }

    /** The user's limits and what they spent this month. */
    public Month month(UUID userId) {
        UserLimits userLimits = limits.limits(userId);
        MonthWindow window = MonthWindow.of(clock.instant());
        return new Month(userLimits, window, spend.of(userId, window), spend.runningTurns(userId));
    }

    public record Month(UserLimits limits, MonthWindow window, BigDecimal spentUsd, int runningTurns) {
    }
}
