package dev.baton.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import java.time.Duration;
import java.util.Map;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import io.temporal.client.WorkflowClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** The archiver on the whole application: a run archived as it closes, and one whose write was lost, by the sweep. */
class HistoryArchiverTest extends IntegrationTest {

    @Autowired
    WorkflowClient client;

    @Autowired
    ObjectProvider<ClosedRunSource> closedRuns;

    @Autowired
    HistoryArchive archive;

    @Autowired
    DataSource dataSource;

    @Test
    void archivesARunAsItClosesAndTheSweepArchivesOneThatWasMissed() {
        Api user = newUser();
        String taskId = user.post("/api/v1/tasks", Map.of("name", "archived", "promptTemplate", "keep my history"))
                .json().path("id").asString();
        String id = user.post("/api/v1/tasks/" + taskId + "/execute", Map.of()).json().path("executionId").asString();
        JsonNode done = await().atMost(Duration.ofSeconds(60)).until(() -> user.get("/api/v1/executions/" + id).json(),
                e -> e.path("status").asString().equals("completed"));
        String workflowId = done.path("workflowId").asString();
        String runId = done.path("runId").asString();
        await().atMost(Duration.ofSeconds(30)).until(() -> archive.find(workflowId, runId).isPresent());
        var row = new JdbcTemplate(dataSource).queryForMap("select workflow_type, status, event_count,"
                + " execution_id::text as execution_id from workflow_history_archive where run_id = ?", runId);

        // As if the write had failed: the row is missing, and an archiver that has not seen the run (a fresh one).
        new JdbcTemplate(dataSource).update("delete from workflow_history_archive where run_id = ?", runId);
        var archiver = new HistoryArchiver(archive, new ClosingRuns(), client, closedRuns);
        int stored = archiver.sweep();

        assertThat(row).containsEntry("workflow_type", "TaskExecutionWorkflow").containsEntry("status", "completed")
                .containsEntry("execution_id", id);
        assertThat(stored).as("runs the sweep stored").isGreaterThanOrEqualTo(1);
        var history = archive.find(workflowId, runId).orElseThrow();
        assertThat(history.getEventsCount()).isEqualTo(((Number) row.get("event_count")).intValue());
        assertThat(history.getEvents(history.getEventsCount() - 1).getEventType().name())
                .isEqualTo("EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED");
        assertThat(archiver.sweep()).as("a second sweep finds nothing missing").isZero();
    }
}
