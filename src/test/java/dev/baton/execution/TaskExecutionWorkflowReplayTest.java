package dev.baton.execution;

import static dev.baton.execution.ScriptedActivities.fails;
import static dev.baton.execution.ScriptedActivities.succeeds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Histories;
import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Replays a recorded history (one {@code overloaded} attempt, a progress signal, then success) against the current
 * workflow code, so a change that would break running executions fails here first. To record the history again
 * after an intentional, versioned change: {@code ./mvnw test -Dtest=TaskExecutionWorkflowReplayTest
 * -DrecordHistory=true -Dclaude.cli.skipInstall=true}.
 */
class TaskExecutionWorkflowReplayTest {

    static final String HISTORY = "histories/task-execution-retry-then-complete.json";
    /**
     * The same run recorded after the fair-share queue (version marker, then the acquireSlot activity) came in, and
     * before preparing and the first ask for a slot became one activity.
     */
    static final String FAIR_SHARE_HISTORY = "histories/task-execution-fair-share.json";
    /** The same run recorded with the begin activity (prepare and the first ask for a slot in one). */
    static final String BEGIN_HISTORY = "histories/task-execution-begin.json";
    /**
     * An execution that waited in the fair-share queue as the code of 77424a1 ran it: it looked again every 30 s, and
     * asked once more after the grant's signal. Only that code can record it: today's looks back off, so the recorder
     * fails waiting for the third look and leaves the file as it is.
     */
    static final String WAITING_HISTORY = "histories/task-execution-waited-for-slot.json";
    /** A turn that stopped for approval, the durable wait, the decision's signal, the resumed turn and success. */
    static final String APPROVAL_HISTORY = "histories/task-execution-await-approval-then-complete.json";
    static final UUID APPROVAL_ID = UUID.fromString("a9900000-0000-4000-8000-000000000001");

    @Test
    void replaysRecordedAwaitApprovalThenCompleteHistory() throws Exception {
        WorkflowReplayer.replayWorkflowExecution(Histories.json(APPROVAL_HISTORY), TaskExecutionWorkflowImpl.class);
    }

    @Test
    void replaysRecordedRetryThenCompleteHistory() throws Exception {
        WorkflowReplayer.replayWorkflowExecution(history(), TaskExecutionWorkflowImpl.class);
    }

    @Test
    void replaysAHistoryRecordedWithTheFairShareQueue() throws Exception {
        String history = Histories.json(FAIR_SHARE_HISTORY);
        assertThat(history).contains("EVENT_TYPE_MARKER_RECORDED", "AcquireSlot");
        WorkflowReplayer.replayWorkflowExecution(history, TaskExecutionWorkflowImpl.class);
    }

    @Test
    void replaysAHistoryRecordedWithTheBeginActivity() throws Exception {
        String history = Histories.json(BEGIN_HISTORY);
        assertThat(history).contains("EVENT_TYPE_MARKER_RECORDED", "Begin").doesNotContain("AcquireSlot");
        WorkflowReplayer.replayWorkflowExecution(history, TaskExecutionWorkflowImpl.class);
    }

    @Test
    void replaysAnExecutionThatWaitedForASlotBeforeTheLooksBackedOff() throws Exception {
        String history = Histories.json(WAITING_HISTORY);
        assertThat(history).contains("EVENT_TYPE_TIMER_FIRED", "slotGranted");
        WorkflowReplayer.replayWorkflowExecution(history, TaskExecutionWorkflowImpl.class);
    }

    @Test
    void rejectsAnImplementationThatSchedulesActivitiesInAnotherOrder() {
        String history = history();

        // The replayer reports non-determinism as a RuntimeException whose message carries the original error.
        assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history, ReorderedWorkflow.class))
                .hasMessageContaining(NonDeterministicException.class.getName())
                .hasMessageContaining("[TMPRL1100]")
                .hasMessageContaining("RunTurn");
    }

    private static String history() {
        return Histories.json(HISTORY);
    }

    /** Runs the turn before preparing the session: what a careless refactoring might do. */
    public static class ReorderedWorkflow implements TaskExecutionWorkflow {

        @Override
        public ExecutionStatus run(ExecutionInput input) {
            ExecutionActivities activities = Workflow.newActivityStub(ExecutionActivities.class,
                    ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(10)).build());
            TurnSummary summary = activities.runTurn(input.executionId(), null);
            activities.prepare(input.executionId());
            activities.completed(input.executionId(), summary);
            return ExecutionStatus.COMPLETED;
        }

        @Override
        public ExecutionProgress progress() {
            return new ExecutionProgress("running", 0, 0, null);
        }

        @Override
        public void reportProgress(ProgressUpdate update) {
        }

        @Override
        public void approvalDecided(java.util.UUID approvalId) {
        }

        @Override
        public void slotGranted() {
        }
    }

    /** Records {@link #BEGIN_HISTORY} into src/test/resources; run only on request. */
    @Test
    @EnabledIfSystemProperty(named = "recordHistory", matches = "true")
    void recordHistory() throws IOException {
        ScriptedActivities activities = new ScriptedActivities();
        activities.then(activities.heartbeatsUntilReleased(fails("overloaded"))).then(succeeds());
        record(activities, BEGIN_HISTORY, (env, workflow) -> {
            await().until(() -> activities.runTurnCalls() == 1);
            workflow.reportProgress(new ProgressUpdate(1, 2, "Read"));
            await().until(() -> workflow.progress().messagesSoFar() == 2);
            activities.release();
        });
        assertThat(activities.runTurnAttempts()).containsExactly(1, 2);
    }

    /** Records {@link #WAITING_HISTORY} into src/test/resources; run only on request. */
    @Test
    @EnabledIfSystemProperty(named = "recordHistory", matches = "true")
    void recordWaitingHistory() throws IOException {
        ScriptedActivities activities = new ScriptedActivities();
        activities.queueFull(true);
        activities.then(succeeds());
        record(activities, WAITING_HISTORY, (env, workflow) -> {
            await().until(() -> activities.slotAsks().size() == 1);
            env.sleep(Duration.ofSeconds(70));
            await().until(() -> activities.slotAsks().size() == 3);
            activities.queueFull(false);
            workflow.slotGranted();
        });
    }

    /** Records {@link #APPROVAL_HISTORY} into src/test/resources; run only on request. */
    @Test
    @EnabledIfSystemProperty(named = "recordHistory", matches = "true")
    void recordApprovalHistory() throws IOException {
        ScriptedActivities activities = new ScriptedActivities();
        activities.then(ScriptedActivities.awaitsApproval(APPROVAL_ID)).then(succeeds());
        record(activities, APPROVAL_HISTORY, (env, workflow) -> {
            await().until(() -> "awaiting_approval".equals(workflow.progress().phase()));
            workflow.approvalDecided(APPROVAL_ID);
        });
    }

    /** What a recorder does to the started workflow before it completes. */
    interface Scenario {
        void play(TestWorkflowEnvironment env, TaskExecutionWorkflow workflow);
    }

    /** Runs one execution's workflow on a time-skipping server until it completes, then writes its history. */
    private static void record(ScriptedActivities activities, String history, Scenario scenario) throws IOException {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            Worker worker = env.newWorker(TaskExecutionWorkflowTest.TASK_QUEUE);
            worker.registerWorkflowImplementationTypes(TaskExecutionWorkflowImpl.class);
            worker.registerActivitiesImplementations(activities);
            env.start();
            WorkflowClient client = env.getWorkflowClient();
            String workflowId = "execution-" + TaskExecutionWorkflowTest.EXECUTION_ID;
            TaskExecutionWorkflow workflow = client.newWorkflowStub(TaskExecutionWorkflow.class,
                    WorkflowOptions.newBuilder().setTaskQueue(TaskExecutionWorkflowTest.TASK_QUEUE)
                            .setWorkflowId(workflowId).build());
            WorkflowClient.start(workflow::run, TaskExecutionWorkflowTest.input(3));
            scenario.play(env, workflow);
            assertThat(WorkflowStub.fromTyped(workflow).getResult(ExecutionStatus.class))
                    .isEqualTo(ExecutionStatus.COMPLETED);

            Path file = Path.of("src/test/resources", history);
            Files.createDirectories(file.getParent());
            Files.writeString(file, client.fetchHistory(workflowId).toJson(true));
        } finally {
            activities.release();
        }
    }
}
