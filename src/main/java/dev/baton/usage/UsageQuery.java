package dev.baton.usage;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Sums the stored turns: every finished turn keeps the cost and usage the CLI reported. */
@Component
class UsageQuery {

    enum GroupBy {
        DAY("to_char(t.started_at at time zone 'UTC', 'YYYY-MM-DD')", "null"),
        TASK("e.task_id::text", "min(k.name)"),
        USER("s.user_id::text", "min(u.username)");

        private final String key;
        private final String label;

        GroupBy(String key, String label) {
            this.key = key;
            this.label = label;
        }

        String jsonValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final String TOTALS = """
            coalesce(sum(t.cost_usd), 0),
            coalesce(sum((t.usage ->> 'input_tokens')::bigint), 0),
            coalesce(sum((t.usage ->> 'output_tokens')::bigint), 0),
            coalesce(sum((t.usage ->> 'cache_creation_input_tokens')::bigint), 0),
            coalesce(sum((t.usage ->> 'cache_read_input_tokens')::bigint), 0),
            count(*), count(distinct e.id)""";

    private static final String FROM = """
            from session_turns t join sessions s on s.id = t.session_id join users u on u.id = s.user_id
            left join task_executions e on e.session_id = t.session_id left join tasks k on k.id = e.task_id
            where t.status <> 'RUNNING' and t.started_at >= ? and t.started_at < ?""";

    private final JdbcTemplate jdbc;

    UsageQuery(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** @param userId whose turns, or null for everyone's */
    @Transactional(readOnly = true)
    UsageReport report(Instant from, Instant to, GroupBy groupBy, UUID userId) {
        List<Object> args = new ArrayList<>(List.of(Timestamp.from(from), Timestamp.from(to)));
        String mine = "";
        if (userId != null) {
            mine = " and s.user_id = ?";
            args.add(userId);
        }
        List<UsageReport.Group> groups = jdbc.query("select " + groupBy.key + ", " + groupBy.label + ", " + TOTALS
                        + " " + FROM + mine + " group by 1 order by 1 nulls first",
                (row, n) -> new UsageReport.Group(row.getString(1), row.getString(2), totals(row, 3)), args.toArray());
        UsageReport.Totals total = jdbc.queryForObject("select " + TOTALS + " " + FROM + mine,
                (row, n) -> totals(row, 1), args.toArray());
        return new UsageReport(from, to, groupBy.jsonValue(), groups, total);
    }

    private static UsageReport.Totals totals(java.sql.ResultSet row, int first) throws java.sql.SQLException {
        BigDecimal cost = row.getBigDecimal(first);
        BigDecimal stripped = cost.stripTrailingZeros();
        return new UsageReport.Totals(stripped.scale() < 0 ? stripped.setScale(0) : stripped, row.getLong(first + 1),
                row.getLong(first + 2), row.getLong(first + 3), row.getLong(first + 4), row.getLong(first + 5),
                row.getLong(first + 6));
    }
}
