package dev.baton.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeoutException;

/**
 * A read-only look into the node's embedded PostgreSQL, to see when executions have ended without asking Baton:
 * polling Baton's API or metrics would add to the very CPU the benchmark measures, an indexed count does not.
 */
final class Database implements AutoCloseable {

    private final Connection connection;

    private Database(Connection connection) {
        this.connection = connection;
    }

    static Database connect(BatonNode node) throws SQLException {
        String url = "jdbc:postgresql://127.0.0.1:" + node.databasePort() + "/postgres";
        Connection connection = DriverManager.getConnection(url, "postgres", "");
        connection.setReadOnly(true);
        connection.setAutoCommit(true);
        return new Database(connection);
    }

    long unfinishedExecutions() throws SQLException {
        return count("select count(*) from task_executions where status in ('QUEUED', 'RUNNING')");
    }

    long executionsWithStatus(String taskId, String status) throws SQLException {
        return count("select count(*) from task_executions where task_id = ? and status = ?",
                UUID.fromString(taskId), status);
    }

    /** Epoch microseconds of the last completion among the task's executions. */
    long lastCompletedMicros(String taskId) throws SQLException {
        return count("select (extract(epoch from max(completed_at)) * 1000000)::bigint from task_executions"
                + " where task_id = ?", UUID.fromString(taskId));
    }

    /** Compressed bytes of every stored part of the session's conversation. */
    long conversationBytes(String sessionId) throws SQLException {
        return count("select coalesce(sum(length(content)), 0) from session_conversation_parts where session_id = ?",
                UUID.fromString(sessionId));
    }

    /** Compressed bytes the session's last conversation save wrote. */
    long conversationBytesOfLastSave(String sessionId) throws SQLException {
        return count("select coalesce(sum(length(p.content)), 0) from session_conversation_parts p join sessions s"
                + " on s.id = p.session_id where p.session_id = ? and p.version = s.conversation_version",
                UUID.fromString(sessionId));
    }

    long conversationParts(String sessionId) throws SQLException {
        return count("select count(*) from session_conversation_parts where session_id = ?",
                UUID.fromString(sessionId));
    }

    /** Workflow runs archived so far, and the archive table's size on disk in bytes. */
    long archivedRuns() throws SQLException {
        return count("select count(*) from workflow_history_archive");
    }

    long archiveBytes() throws SQLException {
        return count("select pg_total_relation_size('workflow_history_archive')");
    }

    /** Waits until no execution is queued or running. */
    void awaitNoUnfinished(Duration atMost) throws SQLException, TimeoutException {
        long deadline = System.nanoTime() + atMost.toNanos();
        long left = -1;
        while (System.nanoTime() < deadline) {
            left = unfinishedExecutions();
            if (left == 0) {
                return;
            }
            BatonNode.pause(Duration.ofMillis(100));
        }
        throw new TimeoutException(left + " executions still unfinished after " + atMost);
    }

    private long count(String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
