package dev.baton.schedule;

import static dev.baton.schedule.RecordingRunWorkflow.ENDED;
import static dev.baton.schedule.RecordingRunWorkflow.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.execution.ScheduledRunInput;
import dev.baton.execution.ScheduledRunWorkflow;
import dev.baton.support.Histories;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.worker.Worker;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays two recorded runs of the scheduler against the current workflow code, so a change that would break
 * schedulers already running fails here first. Between them the histories hold all five signals and the
 * continue-as-new: the first run fires under {@code cancel_other} (cancelling the run before), is paused, is
 * triggered while paused (cancelling again) and continues as new once that run has ended; the second run, started
 * from the state the first carried over, is unpaused, updated, fires and is stopped. To record them again after an
 * intentional, versioned change: {@code ./mvnw test -Dtest=TaskSchedulerWorkflowReplayTest -DrecordHistory=true
 * -Dclaude.cli.skipInstall=true}.
 */
class TaskSchedulerWorkflowReplayTest {

    static final String CANCEL_PAUSE_TRIGGER = "histories/task-scheduler-cancel-pause-trigger-continue.json";
    static final String UNPAUSE_UPDATE_STOP = "histories/task-scheduler-unpause-update-stop.json";

    @ParameterizedTest
    @ValueSource(strings = {CANCEL_PAUSE_TRIGGER, UNPAUSE_UPDATE_STOP})
    void replaysRecordedHistory(String history) throws Exception {
        WorkflowReplayer.replayWorkflowExecution(Histories.json(history), TaskSchedulerWorkflowImpl.class);
    }

    @Test
    void theFirstHistoryEndsInContinueAsNewAndTheSecondInStop() {
        assertThat(WorkflowExecutionHistory.fromJson(Histories.json(CANCEL_PAUSE_TRIGGER)).getLastEvent()
                .getEventType())
                .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
        assertThat(WorkflowExecutionHistory.fromJson(Histories.json(UNPAUSE_UPDATE_STOP)).getEvents())
                .extracting(e -> e.getEventType())
                .contains(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_SIGNALED,
                        EventType.EVENT_TYPE_START_CHILD_WORKFLOW_EXECUTION_INITIATED,
                        EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
    }

    @ParameterizedTest
    @ValueSource(strings = {CANCEL_PAUSE_TRIGGER, UNPAUSE_UPDATE_STOP})
    void rejectsAnImplementationThatStartsARunBeforeItWaits(String history) {
        String recorded = Histories.json(history);

        // The replayer reports non-determinism as a RuntimeException whose message carries the original error.
        assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(recorded, EagerScheduler.class))
                .hasMessageContaining(NonDeterministicException.class.getName())
                .hasMessageContaining("[TMPRL1100]");
    }

    /**
     * Fires once as soon as it starts, before the loop's first wait: what a careless "run on creation" option might
     * do. The recorded histories start with a timer, so this must not replay.
     */
    public static class EagerScheduler implements TaskSchedulerWorkflow {

        private final TaskSchedulerWorkflowImpl delegate = new TaskSchedulerWorkflowImpl();

        @Override
        public void run(SchedulerState state) {
            ScheduledRunWorkflow child = Workflow.newChildWorkflowStub(ScheduledRunWorkflow.class,
                    ChildWorkflowOptions.newBuilder()
                            .setWorkflowId(EmbeddedScheduleEngine.RUN_PREFIX + state.task().taskId() + "-eager")
                            .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                            .build());
            Async.function(child::run, new ScheduledRunInput(state.task().taskId(), state.task().userId(), Map.of()));
            Workflow.getWorkflowExecution(child).get();
            delegate.run(state);
        }

        @Override
        public void pause(String note) {
            delegate.pause(note);
        }

        @Override
        public void unpause(String note) {
            delegate.unpause(note);
        }

        @Override
        public void trigger() {
            delegate.trigger();
        }

        @Override
        public TriggerResult triggerNow() {
            return delegate.triggerNow();
        }

        @Override
        public void update(ScheduleSpec spec) {
            delegate.update(spec);
        }

        @Override
        public void stop() {
            delegate.stop();
        }

        @Override
        public ScheduleSnapshot describe() {
            return delegate.describe();
        }
    }

    /** Records both histories into src/test/resources; run only on request. */
    @Test
    @EnabledIfSystemProperty(named = "recordHistory", matches = "true")
    void recordHistories() throws IOException {
        RecordingRunWorkflow.reset();
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance(
                TestEnvironmentOptions.newBuilder().setInitialTime(TaskSchedulerWorkflowTest.NEW_YEAR).build())) {
            Worker worker = env.newWorker(TaskSchedulerWorkflowTest.TASK_QUEUE);
            worker.registerWorkflowImplementationTypes(TaskSchedulerWorkflowImpl.class, RecordingRunWorkflow.class);
            env.start();
            WorkflowClient client = env.getWorkflowClient();
            String workflowId = EmbeddedScheduleEngine.workflowId(TaskSchedulerWorkflowTest.TASK.taskId());
            TaskSchedulerWorkflow scheduler = client.newWorkflowStub(TaskSchedulerWorkflow.class,
                    WorkflowOptions.newBuilder().setTaskQueue(TaskSchedulerWorkflowTest.TASK_QUEUE)
                            .setWorkflowId(workflowId).build());
            // Fires every minute, each run lasts 90 s; after three fires and triggers it continues as new.
            ScheduleSpec spec = TaskSchedulerWorkflowTest.every(60, OverlapPolicy.CANCEL_OTHER, 90);
            WorkflowClient.start(scheduler::run, new SchedulerState(TaskSchedulerWorkflowTest.TASK, spec, null, 0, 3));
            String firstRunId = WorkflowStub.fromTyped(scheduler).getExecution().getRunId();

            // A minute at a time, waiting at each fire (see TaskSchedulerWorkflowTest.cancelOther...).
            env.sleep(Duration.ofSeconds(60));
            await().until(() -> STARTED.size() == 1);
            env.sleep(Duration.ofSeconds(60));
            await().until(() -> STARTED.size() == 2 && ENDED.size() == 1 && ENDED.getFirst().cancelled());
            scheduler.pause("maintenance");
            await().until(() -> scheduler.describe().spec().paused());
            scheduler.trigger();
            await().until(() -> STARTED.size() == 3 && ENDED.size() == 2);
            env.sleep(Duration.ofSeconds(120));
            await().until(() -> client.fetchHistory(workflowId, firstRunId).getLastEvent().getEventType()
                    == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
            write(CANCEL_PAUSE_TRIGGER, client.fetchHistory(workflowId, firstRunId));

            TaskSchedulerWorkflow latest = client.newWorkflowStub(TaskSchedulerWorkflow.class, workflowId);
            String secondRunId = client.newUntypedWorkflowStub(workflowId).describe().getExecution().getRunId();
            assertThat(latest.describe().spec().note()).isEqualTo("maintenance");
            latest.unpause("back");
            await().until(() -> !latest.describe().spec().paused());
            latest.update(TaskSchedulerWorkflowTest.every(120, OverlapPolicy.SKIP, 0));
            await().until(() -> latest.describe().spec().intervalSeconds() == 120L);
            env.sleep(Duration.ofSeconds(150));
            await().until(() -> STARTED.size() >= 4);
            latest.stop();
            await().until(() -> client.fetchHistory(workflowId, secondRunId).getLastEvent().getEventType()
                    == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
            write(UNPAUSE_UPDATE_STOP, client.fetchHistory(workflowId, secondRunId));
        }
    }

    private static void write(String resource, WorkflowExecutionHistory history) throws IOException {
        Path file = Path.of("src/test/resources", resource);
        Files.createDirectories(file.getParent());
        Files.writeString(file, history.toJson(true));
    }
}
