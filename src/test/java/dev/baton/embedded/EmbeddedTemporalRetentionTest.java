package dev.baton.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.archive.HistoryArchive;
import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The embedded Temporal server's retention on the whole application: a closed run is archived when it closes,
 * dropped once past the retention (here forced with a retention of zero), and its history is then served from the
 * archive; open runs (a running execution, a schedule's scheduler workflow) stay and keep working.
 */
class EmbeddedTemporalRetentionTest extends IntegrationTest {

    @Autowired
    EmbeddedTemporalRetention retention;

    @Autowired
    HistoryArchive archive;

    @Autowired
    DataSource dataSource;

    @Autowired
    WorkflowClient client;

    @Autowired
    TestServerDeadlines deadlines;

    @Test
    void theApplicationsEmbeddedServerHasTheDeadlineTimerThatForgetsCancelledTimers() {
        assertThat(deadlines.replaced()).as("see TestServerDeadlinesTest for what it changes").isTrue();
    }

    @Test
    void pastRetentionTheHistoryComesFromTheArchiveAndOpenRunsStay() {
        Api user = newUser();
        JsonNode done = completed(user, execute(user, "archive me"));
        String id = done.path("id").asString();
        JsonNode fromTemporal = user.get("/api/v1/executions/" + id + "/history").json();
        assertThat(fromTemporal.path("source").asString()).isEqualTo("temporal");
        // Archived when it closed, and linked to its execution.
        await().atMost(Duration.ofSeconds(30))
                .until(() -> archive.find(done.path("workflowId").asString(), done.path("runId").asString())
                        .isPresent());
        assertThat(jdbc().queryForObject("select execution_id::text from workflow_history_archive where run_id = ?",
                String.class, done.path("runId").asString())).isEqualTo(id);
        // An open run, and a schedule whose scheduler workflow never closes.
        String running = execute(user, "[[scenario:gate]] still running");
        String sessionId = await().atMost(Duration.ofSeconds(60))
                .until(() -> user.get("/api/v1/executions/" + running).json().path("sessionId").asString(""),
                        s -> !s.isEmpty());
        String scheduledTask = task(user, "scheduled tick");
        var schedule = user.send("PUT", "/api/v1/tasks/" + scheduledTask + "/schedule", "{\"intervalSeconds\":1}",
                "application/json");
        assertThat(schedule.status()).as(schedule.toString()).isEqualTo(200);
        String firstScheduled = await().atMost(Duration.ofSeconds(60)).until(
                () -> completedExecution(user, scheduledTask, Set.of()), s -> s != null);
        JsonNode scheduledRun = user.get("/api/v1/executions/" + firstScheduled).json();
        await().atMost(Duration.ofSeconds(30)).until(() -> archive.find(scheduledRun.path("workflowId").asString(),
                scheduledRun.path("runId").asString()).isPresent());

        int dropped = retention.sweep(Duration.ZERO);

        TestServerInternals.Counts counts = retention.internals().counts();
        JsonNode fromArchive = user.get("/api/v1/executions/" + id + "/history").json();
        JsonNode scheduledHistory = user.get("/api/v1/executions/" + firstScheduled + "/history").json();
        System.out.println("EMBEDDED-TEMPORAL | retention | dropped=" + dropped + " after=" + counts);
        assertThat(dropped).isPositive();
        assertThat(fromArchive.path("source").asString()).isEqualTo("archive");
        assertThat(fromArchive.path("runId").asString()).isEqualTo(done.path("runId").asString());
        assertThat(fromArchive.path("events")).isEqualTo(fromTemporal.path("events"));
        assertThat(scheduledHistory.path("source").asString()).isEqualTo("archive");
        assertThat(user.get("/api/v1/executions/" + id).json().path("status").asString()).isEqualTo("completed");
        assertThat(user.post("/api/v1/executions/" + id + "/cancel", Map.of()).status())
                .as("cancel of an ended execution").isEqualTo(409);

        // The open run answers from Temporal and goes on to complete.
        JsonNode runningHistory = user.get("/api/v1/executions/" + running + "/history").json();
        assertThat(runningHistory.path("source").asString()).isEqualTo("temporal");
        assertThat(user.get("/api/v1/executions/" + running).json().path("progress").path("phase").asString())
                .isEqualTo("running");
        release(sessionId);
        completed(user, running);
        // The scheduler workflow stayed: the schedule answers and fires again.
        var described = user.get("/api/v1/tasks/" + scheduledTask + "/schedule");
        assertThat(described.status()).isEqualTo(200);
        assertThat(described.json().path("recentRuns").valueStream().map(r -> r.path("executionId").asString()))
                .contains(firstScheduled);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> completedExecution(user, scheduledTask, Set.of(firstScheduled)), s -> s != null);
        assertThat(user.delete("/api/v1/tasks/" + scheduledTask + "/schedule").status()).isEqualTo(204);
    }

    @Test
    void aClosedRunStaysUntilArchivedAndNeitherHavingItIsNotFound() {
        Api user = newUser();
        JsonNode done = completed(user, execute(user, "not archived"));
        String id = done.path("id").asString();
        String runId = done.path("runId").asString();
        await().atMost(Duration.ofSeconds(30))
                .until(() -> archive.find(done.path("workflowId").asString(), runId).isPresent());
        // Hidden from the archive under another run id, the run is as good as not archived.
        jdbc().update("update workflow_history_archive set run_id = ? where run_id = ?", runId + "-hidden", runId);

        retention.sweep(Duration.ZERO);
        var kept = user.get("/api/v1/executions/" + id + "/history");
        jdbc().update("delete from workflow_history_archive where run_id = ?", runId);
        jdbc().update("update workflow_history_archive set run_id = ? where run_id = ?", runId, runId + "-hidden");
        int dropped = retention.sweep(Duration.ZERO);
        var archived = user.get("/api/v1/executions/" + id + "/history");
        jdbc().update("delete from workflow_history_archive where run_id = ?", runId);
        var gone = user.get("/api/v1/executions/" + id + "/history");

        assertThat(kept.status()).isEqualTo(200);
        assertThat(kept.json().path("source").asString()).as("an unarchived run is not dropped").isEqualTo("temporal");
        assertThat(dropped).isPositive();
        assertThat(archived.json().path("source").asString()).isEqualTo("archive");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.isProblem()).isTrue();
        assertThat(gone.json().path("detail").asString()).contains("neither Temporal nor the archive");
    }

    /**
     * The server's lock events are scanned by every timer callback, so they must not wait for the retention (here
     * the default day) to be pruned.
     */
    @Test
    void theTimersLockEventsArePrunedWithinSecondsWhateverTheRetention() {
        Api user = newUser();
        List<String> ids = java.util.stream.IntStream.range(0, 10).mapToObj(i -> execute(user, "tick " + i)).toList();
        ids.forEach(id -> completed(user, id));
        int afterRuns = retention.internals().counts().lockEvents();

        int settled = await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(250))
                .until(() -> retention.internals().counts().lockEvents(), count -> count < 20);

        System.out.println("EMBEDDED-TEMPORAL | lock events | after 10 runs=" + afterRuns + " settled=" + settled);
        assertThat(afterRuns).as("the runs left lock events to prune").isGreaterThan(40);
    }

    /**
     * A closed run's timers only wait to find it closed (a workflow task's timeout 10 s on, an activity's far later),
     * and each that fires costs CPU: they go once the archiver has seen the run close, whatever the retention.
     */
    @Test
    void theTimersOfClosedRunsGoWithinSecondsWhateverTheRetention() {
        Api user = newUser();
        List<String> ids = java.util.stream.IntStream.range(0, 10).mapToObj(i -> execute(user, "timer " + i)).toList();
        List<WorkflowExecution> runs = ids.stream().map(id -> completed(user, id))
                .map(e -> WorkflowExecution.newBuilder().setWorkflowId(e.path("workflowId").asString())
                        .setRunId(e.path("runId").asString()).build())
                .toList();
        String namespace = client.getOptions().getNamespace();
        int afterRuns = retention.internals().timersOf(namespace, runs);

        // Left, each run's activities' start-to-close timeouts would stay for a minute or more. Counted for these
        // runs only: other tests' open runs keep timers of their own.
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> retention.internals().timersOf(namespace, runs), count -> count == 0);

        System.out.println("EMBEDDED-TEMPORAL | timers | of 10 runs as the last ended=" + afterRuns + ", then 0");
    }

    private JdbcTemplate jdbc() {
        return new JdbcTemplate(dataSource);
    }

    private static String task(Api user, String prompt) {
        return user.post("/api/v1/tasks", Map.of("name", "retention-" + java.util.UUID.randomUUID(),
                "promptTemplate", prompt)).json().path("id").asString();
    }

    private static String execute(Api user, String prompt) {
        var accepted = user.post("/api/v1/tasks/" + task(user, prompt) + "/execute", Map.of());
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted.json().path("executionId").asString();
    }

    private static JsonNode completed(Api user, String executionId) {
        return await().atMost(Duration.ofSeconds(60))
                .until(() -> user.get("/api/v1/executions/" + executionId).json(),
                        e -> e.path("status").asString().equals("completed"));
    }

    /** A completed execution of the task not among {@code seen}, or null. */
    private static String completedExecution(Api user, String taskId, Set<String> seen) {
        List<JsonNode> items = user.get("/api/v1/tasks/" + taskId + "/executions?size=100").json().path("items")
                .valueStream().toList();
        return items.stream().filter(e -> e.path("status").asString().equals("completed"))
                .map(e -> e.path("id").asString()).filter(e -> !seen.contains(e)).findFirst().orElse(null);
    }
}
