package dev.baton.archive;

import com.google.protobuf.InvalidProtocolBufferException;
import io.temporal.api.history.v1.History;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The event histories of closed Temporal workflow runs, kept in PostgreSQL as Temporal's archival keeps them: the
 * raw {@link History} protobuf, gzip-compressed, per workflow id and run id (table {@code
 * workflow_history_archive}). The embedded Temporal server forgets a run after its retention period and everything
 * on restart; the archive does not. Runs of a task execution are linked to it and deleted with it.
 *
 * <p>Reading is this module's public API: {@link #find} for one run's history, {@link #archived} to learn which runs
 * are there. Writing is {@link HistoryArchiver}'s business.
 */
@Component
public class HistoryArchive {

    private final JdbcClient jdbc;

    HistoryArchive(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A workflow run: its workflow id and run id. */
    public record Run(String workflowId, String runId) {
    }

    /** The archived history of a run, when it was archived. */
    public Optional<History> find(String workflowId, String runId) {
        return jdbc.sql("select history_gzip from workflow_history_archive where workflow_id = ? and run_id = ?")
                .params(workflowId, runId)
                .query(byte[].class).optional().map(HistoryArchive::decode);
    }

    /** What a listing shows of an archived run, without reading its history. */
    public record Entry(Run run, String workflowType, String status, Instant startedAt, Instant closedAt,
            int eventCount) {
    }

    /** Every archived run, the most recently closed first. */
    public List<Entry> entries() {
        return jdbc.sql("""
                        select workflow_id, run_id, workflow_type, status, started_at, closed_at, event_count
                        from workflow_history_archive order by closed_at desc""")
                .query((rs, row) -> new Entry(new Run(rs.getString(1), rs.getString(2)), rs.getString(3),
                        rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getTimestamp(6).toInstant(),
                        rs.getInt(7)))
                .list();
    }

    /** The workflow's most recently closed archived run. */
    public Optional<Run> latest(String workflowId) {
        return jdbc.sql("""
                        select run_id from workflow_history_archive where workflow_id = ?
                        order by closed_at desc limit 1""")
                .params(workflowId).query(String.class).optional().map(runId -> new Run(workflowId, runId));
    }

    /** Which of these runs are archived. */
    public Set<Run> archived(Collection<Run> runs) {
        if (runs.isEmpty()) {
            return Set.of();
        }
        String[] workflowIds = runs.stream().map(Run::workflowId).toArray(String[]::new);
        String[] runIds = runs.stream().map(Run::runId).toArray(String[]::new);
        return new HashSet<>(jdbc.sql("""
                        select a.workflow_id, a.run_id from workflow_history_archive a
                        join unnest(cast(? as text[]), cast(? as text[])) as r(workflow_id, run_id)
                          on a.workflow_id = r.workflow_id and a.run_id = r.run_id""")
                .params(workflowIds, runIds)
                .query((rs, row) -> new Run(rs.getString(1), rs.getString(2))).list());
    }

    /** Stores a closed run's history; storing the same run again changes nothing. */
    void store(String namespace, Run run, ClosedRun closed) {
        jdbc.sql("""
                        insert into workflow_history_archive (workflow_id, run_id, namespace, workflow_type, status,
                            started_at, closed_at, event_count, history_gzip, execution_id, archived_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?,
                            (select id from task_executions where id = cast(? as uuid)), now())
                        on conflict (workflow_id, run_id) do nothing""")
                .params(run.workflowId(), run.runId(), namespace, closed.workflowType(), closed.status(),
                        Timestamp.from(closed.startedAt()), Timestamp.from(closed.closedAt()),
                        closed.history().getEventsCount(), encode(closed.history()),
                        closed.executionId() == null ? null : closed.executionId().toString())
                .update();
    }

    private static byte[] encode(History history) {
        var bytes = new ByteArrayOutputStream();
        try (var gzip = new GZIPOutputStream(bytes)) {
            history.writeTo(gzip);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static History decode(byte[] compressed) {
        try (var gzip = new GZIPInputStream(new ByteArrayInputStream(compressed))) {
            return History.parseFrom(gzip);
        } catch (InvalidProtocolBufferException e) {
            throw new IllegalStateException("An archived workflow history is not a History protobuf", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
