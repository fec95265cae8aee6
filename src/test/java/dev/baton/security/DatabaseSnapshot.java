package dev.baton.security;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.sql.DataSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Every table of the application's schema, each as its row count and an md5 over its rows' text, read through the
 * application's own DataSource. Two equal snapshots mean no row was added, removed or changed in between.
 *
 * <p>No column is left out: with nothing running (see {@link #quiet}), no column of Baton's schema changes on its
 * own. {@code sessions.turn_lease_until} and {@code updated_at} move only while a turn runs or a row is written,
 * which is exactly what a refused request must not do.
 */
record DatabaseSnapshot(Map<String, String> tables) {

    static DatabaseSnapshot take(DataSource dataSource) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        List<String> names = jdbc.queryForList("""
                select table_name from information_schema.tables
                where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name""",
                String.class);
        Map<String, String> tables = new TreeMap<>();
        for (String name : names) {
            // The name comes from the catalogue, not from a request; quoting keeps any spelling intact.
            String quoted = "\"" + name.replace("\"", "\"\"") + "\"";
            tables.put(name, jdbc.queryForObject("select count(*) || ' rows, md5 ' || md5(coalesce(string_agg(t::text, "
                    + "E'\\n' order by t::text), '')) from " + quoted + " t", String.class));
        }
        return new DatabaseSnapshot(tables);
    }

    /** A snapshot taken once two reads a moment apart agree: earlier tests' turns and executions have settled. */
    static DatabaseSnapshot quiet(DataSource dataSource) {
        DatabaseSnapshot[] last = {take(dataSource)};
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .pollInterval(java.time.Duration.ofMillis(300))
                .until(() -> {
                    DatabaseSnapshot now = take(dataSource);
                    boolean same = now.equals(last[0]);
                    last[0] = now;
                    return same;
                });
        return last[0];
    }

    int tableCount() {
        return tables.size();
    }
}
