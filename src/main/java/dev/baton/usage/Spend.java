package dev.baton.usage;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What users spent and run, read from the stored turns: every finished turn records the cost the CLI reported,
 * failed and cancelled ones too.
 */
@Component
class Spend {

    private final JdbcTemplate jdbc;

    Spend(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The cost of the user's turns started in the window. */
    BigDecimal of(UUID userId, MonthWindow window) {
        return jdbc.queryForObject("""
                select coalesce(sum(t.cost_usd), 0) from session_turns t join sessions s on s.id = t.session_id
                where s.user_id = ? and t.started_at >= ? and t.started_at < ?""", BigDecimal.class, userId,
                Timestamp.from(window.start()), Timestamp.from(window.end()));
    }

    /** The user's turns running now, on any node: a session runs at most one, under a lease that has not run out. */
    int runningTurns(UUID userId) {
        Integer count = jdbc.queryForObject("""
                select count(*) from sessions where user_id = ? and turn_lease_until > now()""", Integer.class,
                userId);
        return count == null ? 0 : count;
    }
}
