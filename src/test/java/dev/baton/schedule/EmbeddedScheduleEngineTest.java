package dev.baton.schedule;

import static dev.baton.schedule.RecordingRunWorkflow.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.execution.WorkflowProperties;
import dev.baton.web.NotFoundException;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The engine against the time-skipping test server, with a recording stand-in for the run. */
class EmbeddedScheduleEngineTest {

    static final String TASK_QUEUE = "embedded-engine-test";
    static final ScheduledTask TASK = TaskSchedulerWorkflowTest.TASK;
    static final Instant NEW_YEAR = TaskSchedulerWorkflowTest.NEW_YEAR;
    static final ScheduleSpec HOURLY = new ScheduleSpec(null, 3600L, "UTC", OverlapPolicy.SKIP, Map.of(), false, null);

    private TestWorkflowEnvironment env;
    private EmbeddedScheduleEngine engine;

    @BeforeEach
    void startServer() {
        RecordingRunWorkflow.reset();
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setInitialTime(NEW_YEAR).build());
        Worker worker = env.newWorker(TASK_QUEUE);
        worker.registerWorkflowImplementationTypes(TaskSchedulerWorkflowImpl.class, RecordingRunWorkflow.class);
        env.start();
        engine = new EmbeddedScheduleEngine(env.getWorkflowClient(), new WorkflowProperties(TASK_QUEUE,
                Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(30), "http://localhost:8233",
                "default"));
    }

    @AfterEach
    void stopServer() {
        env.close();
    }

    @Test
    void isNamedEmbedded() {
        assertThat(engine.name()).isEqualTo("embedded");
    }

    @Test
    void upsertStartsASchedulerThatDescribeShows() {
        engine.upsert(TASK, HOURLY);

        Optional<ScheduleSnapshot> snapshot = engine.describe(TASK.taskId());

        assertThat(snapshot).hasValueSatisfying(s -> {
            assertThat(s.spec()).isEqualTo(HOURLY);
            assertThat(s.nextRunTimes()).first().isEqualTo(NEW_YEAR.plus(Duration.ofHours(1)));
            assertThat(s.nextRunTimes()).hasSize(5);
        });
        assertThat(env.getWorkflowClient().newUntypedWorkflowStub("schedule-" + TASK.taskId()).describe()
                .getTaskQueue()).isEqualTo(TASK_QUEUE);
    }

    @Test
    void upsertOfAnExistingScheduleReplacesItsSpec() {
        engine.upsert(TASK, HOURLY);
        ScheduleSpec daily = new ScheduleSpec("0 6 * * *", null, "Europe/Berlin", OverlapPolicy.BUFFER_ALL,
                Map.of("k", "v"), true, "holidays");

        engine.upsert(TASK, daily);

        await().until(() -> engine.describe(TASK.taskId()).orElseThrow().spec().equals(daily));
    }

    @Test
    void pauseAndUnpauseChangeThePausedStateAndNote() {
        engine.upsert(TASK, HOURLY);

        engine.pause(TASK.taskId(), "maintenance");
        await().until(() -> engine.describe(TASK.taskId()).orElseThrow().spec().paused());
        assertThat(engine.describe(TASK.taskId()).orElseThrow().spec().note()).isEqualTo("maintenance");

        engine.unpause(TASK.taskId(), "done");
        await().until(() -> !engine.describe(TASK.taskId()).orElseThrow().spec().paused());
        assertThat(engine.describe(TASK.taskId()).orElseThrow().spec().note()).isEqualTo("done");
    }

    @Test
    void triggerStartsARunNow() {
        engine.upsert(TASK, HOURLY);

        engine.trigger(TASK.taskId());

        await().until(() -> STARTED.size() == 1);
        assertThat(STARTED.getFirst().input().taskId()).isEqualTo(TASK.taskId());
    }

    @Test
    void deleteEndsTheScheduleAndUpsertStartsAFreshOne() {
        engine.upsert(TASK, HOURLY);

        engine.delete(TASK.taskId());

        assertThat(engine.describe(TASK.taskId())).isEmpty();
        engine.upsert(TASK, HOURLY.withPaused(true, "again"));
        assertThat(engine.describe(TASK.taskId())).hasValueSatisfying(s -> assertThat(s.spec().note()).isEqualTo("again"));
    }

    @Test
    void missingScheduleDescribesEmptyAndDeletesQuietly() {
        UUID missing = UUID.fromString("7a5c0000-0000-4000-8000-0000000000ff");

        assertThat(engine.describe(missing)).isEmpty();
        engine.delete(missing);
        assertThat(engine.describe(missing)).isEmpty();
    }

    @Test
    void signallingAMissingScheduleNamesIt() {
        UUID missing = UUID.fromString("7a5c0000-0000-4000-8000-0000000000ff");

        assertThatThrownBy(() -> engine.pause(missing, "x")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining(missing.toString());
        assertThatThrownBy(() -> engine.unpause(missing, "x")).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> engine.trigger(missing)).isInstanceOf(NotFoundException.class);
    }
}
