package dev.baton.usage;

import java.math.BigDecimal;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What users spent and run: a month's spend as each finished turn recorded it (failed and cancelled ones too), and the
 * turns running now.
 */
@Component
class Spend {

    private final JdbcTemplate jdbc;

    Spend(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** What the user's turns cost in the month, as recorded turn by turn ({@link SpendLedger}). */
    BigDecimal of(UUID userId, MonthWindow window) {
        BigDecimal spent = jdbc.query("select cost_usd from user_spend where user_id = ? and month = ?",
                rs -> rs.next() ? rs.getBigDecimal(1) : BigDecimal.ZERO, userId,
                java.sql.Date.valueOf(window.start().atOffset(java.time.ZoneOffset.UTC).toLocalDate()));
        BigDecimal stripped = spent.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0) : stripped;
    }

    /** The user's turns running now, on any node: a session runs at most one, under a lease that has not run out. */
    int runningTurns(UUID userId) {
        Integer count = jdbc.queryForObject("""
                select count(*) from sessions where user_id = ? and turn_lease_until > now()""", Integer.class,
                userId);
        return count == null ? 0 : count;
    }
}
