package dev.baton.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Histories;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.enums.v1.EventType;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.worker.Worker;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays two recorded scheduled runs against the current workflow code: one whose execution completes, and one
 * cancelled while its execution runs (what a schedule's {@code cancel_other} does). To record them again after an
 * intentional, versioned change: {@code ./mvnw test -Dtest=ScheduledRunWorkflowReplayTest -DrecordHistory=true
 * -Dclaude.cli.skipInstall=true}.
 */
class ScheduledRunWorkflowReplayTest {

    static final String COMPLETES = "histories/scheduled-run-completes.json";
    static final String CANCELLED = "histories/scheduled-run-cancelled.json";
    static final String TASK_QUEUE = "scheduled-run-replay-test";
    static final UUID EXECUTION_ID = UUID.fromString("e0ec0000-0000-4000-8000-000000000002");

    @ParameterizedTest
    @ValueSource(strings = {COMPLETES, CANCELLED})
    void replaysRecordedHistory(String history) throws Exception {
        WorkflowReplayer.replayWorkflowExecution(Histories.json(history), ScheduledRunWorkflowImpl.class);
    }

    @Test
    void theHistoriesEndAsRecorded() {
        assertThat(WorkflowExecutionHistory.fromJson(Histories.json(COMPLETES)).getLastEvent().getEventType())
                .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED);
        assertThat(WorkflowExecutionHistory.fromJson(Histories.json(CANCELLED)).getEvents())
                .extracting(e -> e.getEventType())
                .contains(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCEL_REQUESTED);
    }

    @ParameterizedTest
    @ValueSource(strings = {COMPLETES, CANCELLED})
    void rejectsAnImplementationThatNotesTheRunBeforeStartingIt(String history) {
        String recorded = Histories.json(history);

        // The replayer reports non-determinism as a RuntimeException whose message carries the original error.
        assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(recorded, ReorderedRun.class))
                .hasMessageContaining(NonDeterministicException.class.getName())
                .hasMessageContaining("[TMPRL1100]");
    }

    static ScheduledRunInput input() {
        return new ScheduledRunInput(UUID.fromString("7a5c0000-0000-4000-8000-000000000001"),
                UUID.fromString("05e40000-0000-4000-8000-000000000001"), Map.of("region", "eu"));
    }

    /** Notes the run as started before it starts the execution's workflow: a careless reordering. */
    public static class ReorderedRun implements ScheduledRunWorkflow {

        @Override
        public ExecutionStatus run(ScheduledRunInput input) {
            ScheduledRunActivities activities = Workflow.newActivityStub(ScheduledRunActivities.class,
                    ActivityOptions.newBuilder().setStartToCloseTimeout(Duration.ofSeconds(30)).build());
            ExecutionInput execution = activities.createExecution(input.taskId(), input.userId(), input.variables(),
                    "reordered");
            activities.started(execution.executionId(), "not yet known");
            TaskExecutionWorkflow child = Workflow.newChildWorkflowStub(TaskExecutionWorkflow.class,
                    ChildWorkflowOptions.newBuilder()
                            .setWorkflowId(TaskExecution.workflowIdFor(execution.executionId())).build());
            return child.run(execution);
        }
    }

    /** Stands in for the real activities: hands out one execution and remembers the run ids it is told. */
    static final class FakeRunActivities implements ScheduledRunActivities {

        final List<String> runIds = new CopyOnWriteArrayList<>();

        @Override
        public ExecutionInput createExecution(UUID taskId, UUID userId, Map<String, String> variables, String runKey) {
            return new ExecutionInput(EXECUTION_ID, taskId, userId, "scheduled", 60, 3, 1, 2.0, 10, 5, 10);
        }

        @Override
        public void started(UUID executionId, String runId) {
            runIds.add(runId);
        }
    }

    /** Stands in for the execution's workflow: lasts a minute of workflow time, or until cancelled. */
    public static class MinuteLongExecution implements TaskExecutionWorkflow {

        @Override
        public ExecutionStatus run(ExecutionInput input) {
            Workflow.sleep(Duration.ofMinutes(1));
            return ExecutionStatus.COMPLETED;
        }

        @Override
        public ExecutionProgress progress() {
            return new ExecutionProgress("running", 1, 0, null);
        }

        @Override
        public void reportProgress(ProgressUpdate update) {
        }

        @Override
        public void approvalDecided(UUID approvalId) {
        }

        @Override
        public void slotGranted() {
        }
    }

    /** Records both histories into src/test/resources; run only on request. */
    @Test
    @EnabledIfSystemProperty(named = "recordHistory", matches = "true")
    void recordHistories() throws IOException {
        try (TestWorkflowEnvironment env = TestWorkflowEnvironment.newInstance()) {
            FakeRunActivities activities = new FakeRunActivities();
            Worker worker = env.newWorker(TASK_QUEUE);
            worker.registerWorkflowImplementationTypes(ScheduledRunWorkflowImpl.class, MinuteLongExecution.class);
            worker.registerActivitiesImplementations(activities);
            env.start();
            WorkflowClient client = env.getWorkflowClient();

            ScheduledRunWorkflow completes = client.newWorkflowStub(ScheduledRunWorkflow.class,
                    WorkflowOptions.newBuilder().setTaskQueue(TASK_QUEUE).setWorkflowId("scheduled-completes").build());
            assertThat(completes.run(input())).isEqualTo(ExecutionStatus.COMPLETED);
            assertThat(activities.runIds).hasSize(1);
            write(COMPLETES, client.fetchHistory("scheduled-completes"));

            // The same execution id again: the first child has closed, and the default reuse policy allows it.
            ScheduledRunWorkflow cancelled = client.newWorkflowStub(ScheduledRunWorkflow.class,
                    WorkflowOptions.newBuilder().setTaskQueue(TASK_QUEUE).setWorkflowId("scheduled-cancelled").build());
            WorkflowClient.start(cancelled::run, input());
            await().until(() -> activities.runIds.size() == 2);
            WorkflowStub stub = WorkflowStub.fromTyped(cancelled);
            stub.cancel();
            env.sleep(Duration.ofSeconds(5));
            await().until(() -> client.fetchHistory("scheduled-cancelled").getLastEvent().getEventType()
                    != EventType.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED
                    && isClosed(client.fetchHistory("scheduled-cancelled")));
            write(CANCELLED, client.fetchHistory("scheduled-cancelled"));
        }
    }

    private static boolean isClosed(WorkflowExecutionHistory history) {
        EventType last = history.getLastEvent().getEventType();
        return last == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED
                || last == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED
                || last == EventType.EVENT_TYPE_WORKFLOW_EXECUTION_FAILED;
    }

    private static void write(String resource, WorkflowExecutionHistory history) throws IOException {
        Path file = Path.of("src/test/resources", resource);
        Files.createDirectories(file.getParent());
        Files.writeString(file, history.toJson(true));
    }
}
