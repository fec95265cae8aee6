package dev.baton.usage;

import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The task label of a turn's metrics: its task's name, {@code none} for a session's own turn, and {@code other} once
 * a node has seen {@link #MAX_NAMES} names, so the series stay bounded by the tasks there are.
 */
@Component
public class TaskLabels {

    public static final String NONE = "none";
    public static final String OTHER = "other";
    static final int MAX_NAMES = 100;

    private final JdbcTemplate jdbc;
    private final Set<String> seen = ConcurrentHashMap.newKeySet();

    TaskLabels(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public String of(UUID sessionId) {
        String name = jdbc.query("""
                select k.name from task_executions e join tasks k on k.id = e.task_id where e.session_id = ?""",
                rs -> rs.next() ? rs.getString(1) : null, sessionId);
        if (name == null) {
            return NONE;
        }
        if (seen.contains(name)) {
            return name;
        }
        synchronized (seen) {
            if (seen.size() < MAX_NAMES) {
                seen.add(name);
                return name;
            }
        }
        return OTHER;
    }
}
