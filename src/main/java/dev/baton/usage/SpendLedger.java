package dev.baton.usage;

import dev.baton.session.TurnEnded;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Adds each turn's cost to its user's spend of the month, in the transaction that records the turn: the monthly
 * budget counts what was spent even after the session that spent it is deleted.
 */
@Component
class SpendLedger {

    private final JdbcTemplate jdbc;

    SpendLedger(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void turnEnded(TurnEnded event) {
        if (event.result().costUsd() == null || event.result().costUsd().signum() == 0) {
            return;
        }
        jdbc.update("""
                insert into user_spend (user_id, month, cost_usd)
                select s.user_id, date_trunc('month', now() at time zone 'UTC')::date, ? from sessions s where s.id = ?
                on conflict (user_id, month) do update set cost_usd = user_spend.cost_usd + excluded.cost_usd""",
                event.result().costUsd(), event.result().sessionId());
    }
}
