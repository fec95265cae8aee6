package dev.baton.execution;

import static dev.baton.execution.ScriptedActivities.awaitsApproval;
import static dev.baton.execution.ScriptedActivities.fails;
import static dev.baton.execution.ScriptedActivities.failsNonRetryable;
import static dev.baton.execution.ScriptedActivities.succeeds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.client.ActivityCanceledException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowFailedException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The workflow against scripted activities on Temporal's time-skipping test server. */
class TaskExecutionWorkflowTest {

    static final String TASK_QUEUE = "task-execution-test";
    static final UUID EXECUTION_ID = UUID.fromString("e0000000-0000-4000-8000-000000000001");

    private final ScriptedActivities activities = new ScriptedActivities();
    private TestWorkflowEnvironment env;
    private WorkflowClient client;

    @BeforeEach
    void startWorker() {
        env = TestWorkflowEnvironment.newInstance();
        // As in WorkerConfig: heartbeats are not batched for long, so a cancellation reaches the attempt quickly.
        Worker worker = env.newWorker(TASK_QUEUE, WorkerOptions.newBuilder()
                .setMaxHeartbeatThrottleInterval(Duration.ofMillis(100))
                .setDefaultHeartbeatThrottleInterval(Duration.ofMillis(100))
                .build());
        worker.registerWorkflowImplementationTypes(TaskExecutionWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
        env.start();
        client = env.getWorkflowClient();
    }

    @AfterEach
    void stopWorker() {
        activities.release();
        env.close();
    }

    static ExecutionInput input(int maxAttempts) {
        return input(maxAttempts, 60, 5);
    }

    static ExecutionInput input(int maxAttempts, int timeoutSeconds, int heartbeatTimeoutSeconds) {
        return new ExecutionInput(EXECUTION_ID, UUID.fromString("7a5c0000-0000-4000-8000-000000000001"),
                UUID.fromString("05e40000-0000-4000-8000-000000000001"), "manual", timeoutSeconds, maxAttempts, 1,
                2.0, 10, heartbeatTimeoutSeconds, 10);
    }

    private TaskExecutionWorkflow workflow() {
        return client.newWorkflowStub(TaskExecutionWorkflow.class, WorkflowOptions.newBuilder()
                .setTaskQueue(TASK_QUEUE)
                .setWorkflowId("execution-" + UUID.randomUUID())
                .build());
    }

    @Test
    void completesAndRecordsTheSummaryOnce() {
        activities.then(succeeds());
        TaskExecutionWorkflow workflow = workflow();

        ExecutionStatus status = workflow.run(input(3));

        assertThat(status).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(activities.calls()).containsExactly("begin", "runTurn", "completed");
        assertThat(activities.completed()).containsExactly(ScriptedActivities.summary(1));
        assertThat(workflow.progress()).isEqualTo(new ExecutionProgress("completed", 1, 3, null));
    }

    @Test
    void retriesOverloadedThenCompletes() {
        activities.then(fails("overloaded")).then(succeeds());
        TaskExecutionWorkflow workflow = workflow();

        ExecutionStatus status = workflow.run(input(3));

        assertThat(status).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(activities.runTurnAttempts()).containsExactly(1, 2);
        assertThat(activities.completed()).containsExactly(ScriptedActivities.summary(2));
        assertThat(activities.ended()).isEmpty();
        assertThat(workflow.progress().attempt()).isEqualTo(2);
    }

    @Test
    void triesAuthenticationFailureOnceAndFailsTheWorkflow() {
        activities.then(failsNonRetryable("authentication")).then(succeeds());
        TaskExecutionWorkflow workflow = workflow();

        assertThatThrownBy(() -> workflow.run(input(3)))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.getType()).isEqualTo("authentication");
                    assertThat(failure.isNonRetryable()).isTrue();
                });
        assertThat(activities.runTurnCalls()).isEqualTo(1);
        assertThat(activities.completed()).isEmpty();
        assertThat(activities.ended()).containsExactly(new ScriptedActivities.Ended(EXECUTION_ID,
                ExecutionStatus.FAILED, "authentication", "scripted authentication"));
        assertThat(workflow.progress().phase()).isEqualTo("failed");
    }

    @Test
    void recordsTheCliTextAndApiStatusBesideBatonsSentence() {
        activities.then(failsNonRetryable("authentication", new FailureDetail("Invalid API key · Fix external API key",
                401)));

        assertThatThrownBy(() -> workflow().run(input(3))).isInstanceOf(WorkflowFailedException.class);

        assertThat(activities.ended()).containsExactly(new ScriptedActivities.Ended(EXECUTION_ID,
                ExecutionStatus.FAILED, "authentication", "scripted authentication",
                "Invalid API key · Fix external API key", 401));
    }

    @Test
    void doesNotRetryPermanentTypeEvenWhenTheActivityMarksItRetryable() {
        // The workflow's doNotRetry list is the second belt: it must hold even if an activity forgets the flag.
        activities.then(fails("bad_request")).then(succeeds());

        assertThatThrownBy(() -> workflow().run(input(3))).isInstanceOf(WorkflowFailedException.class);

        assertThat(activities.runTurnCalls()).isEqualTo(1);
        assertThat(activities.ended()).extracting(ScriptedActivities.Ended::errorType).containsExactly("bad_request");
    }

    @Test
    void stopsRetryingServerErrorAtMaxAttempts() {
        activities.then(fails("server_error")).then(fails("server_error")).then(fails("server_error"))
                .then(succeeds());

        assertThatThrownBy(() -> workflow().run(input(3)))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .isInstanceOfSatisfying(ApplicationFailure.class,
                        failure -> assertThat(failure.getType()).isEqualTo("server_error"));
        assertThat(activities.runTurnAttempts()).containsExactly(1, 2, 3);
        assertThat(activities.ended()).containsExactly(new ScriptedActivities.Ended(EXECUTION_ID,
                ExecutionStatus.FAILED, "server_error", "scripted server_error"));
    }

    @Test
    void endsTimedOutWhenEveryAttemptOutlivesStartToClose() {
        activities.then(activities.hangs()).then(activities.hangs());
        TaskExecutionWorkflow workflow = workflow();

        // Heartbeat timeout 0 switches heartbeat checking off, so only start-to-close can end these attempts. The
        // test server does not skip time while an activity runs, so the timeout is short in real time too.
        assertThatThrownBy(() -> workflow.run(input(2, 1, 0)))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .isInstanceOfSatisfying(ApplicationFailure.class,
                        failure -> assertThat(failure.getType()).isEqualTo("timed_out"));
        assertThat(activities.runTurnCalls()).isEqualTo(2);
        assertThat(activities.ended()).containsExactly(new ScriptedActivities.Ended(EXECUTION_ID,
                ExecutionStatus.TIMED_OUT, "timed_out", "Claude did not finish the attempt within the task's "
                        + "timeoutSeconds (1 s) and it was stopped; raise timeoutSeconds or ask for less."));
        assertThat(workflow.progress().phase()).isEqualTo("timed_out");
    }

    private static Instant time(HistoryEvent event) {
        return Instant.ofEpochSecond(event.getEventTime().getSeconds(), event.getEventTime().getNanos());
    }

    private static String activityType(List<HistoryEvent> events, HistoryEvent completed) {
        long scheduledId = completed.getActivityTaskCompletedEventAttributes().getScheduledEventId();
        return events.stream().filter(event -> event.getEventId() == scheduledId).findFirst().orElseThrow()
                .getActivityTaskScheduledEventAttributes().getActivityType().getName();
    }

    @Test
    void retriesAnAttemptThatStopsHeartbeating() {
        activities.then(activities.hangs()).then(succeeds());
        TaskExecutionWorkflow workflow = workflow();

        // A 1 s heartbeat timeout, because the test server does not skip time while an activity runs.
        ExecutionStatus status = workflow.run(input(3, 60, 1));

        assertThat(status).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(activities.runTurnAttempts()).containsExactly(1, 2);
        assertThat(activities.completed()).containsExactly(ScriptedActivities.summary(2));
        // Heartbeat timeout (1 s) plus backoff (1 s), well short of the 60 s start-to-close timeout. Measured on the
        // history's own (skipped) event times: the test server's clock read after the run may already have jumped
        // ahead to some far timer once the workflow was done.
        String workflowId = WorkflowStub.fromTyped(workflow).getExecution().getWorkflowId();
        List<HistoryEvent> events = client.fetchHistory(workflowId).getEvents();
        HistoryEvent turnCompleted = events.stream()
                .filter(event -> event.getEventType() == EventType.EVENT_TYPE_ACTIVITY_TASK_COMPLETED)
                .filter(event -> activityType(events, event).equals("RunTurn"))
                .findFirst().orElseThrow();
        assertThat(Duration.between(time(events.getFirst()), time(turnCompleted))).isLessThan(Duration.ofSeconds(60));
    }

    @Test
    void cancellingTheWorkflowCancelsTheRunningAttemptAndRecordsCancelled() {
        activities.then(activities.heartbeatsUntilReleased(succeeds()));
        TaskExecutionWorkflow workflow = workflow();
        WorkflowClient.start(workflow::run, input(3));
        await().until(() -> activities.runTurnCalls() == 1);

        WorkflowStub untyped = WorkflowStub.fromTyped(workflow);
        untyped.cancel();

        // Wait with time skipping still locked, so the heartbeat timeout cannot overtake the cancellation.
        await().until(() -> activities.stoppedBy() != null);
        assertThat(activities.stoppedBy()).isInstanceOf(ActivityCanceledException.class);
        assertThatThrownBy(() -> untyped.getResult(ExecutionStatus.class))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .isInstanceOf(CanceledFailure.class);
        assertThat(activities.ended()).containsExactly(new ScriptedActivities.Ended(EXECUTION_ID,
                ExecutionStatus.CANCELLED, "cancelled",
                "The execution was cancelled by request; the messages so far are kept."));
        assertThat(activities.completed()).isEmpty();
    }

    @Test
    void aCancelArrivingWhileSuccessIsRecordedDoesNotUndoIt() {
        activities.then(succeeds());
        activities.holdCompleted();
        TaskExecutionWorkflow workflow = workflow();
        WorkflowClient.start(workflow::run, input(3));
        await().until(() -> activities.calls().contains("completed"));

        WorkflowStub untyped = WorkflowStub.fromTyped(workflow);
        untyped.cancel();
        activities.release();

        // Temporal closes a run whose cancel was requested as cancelled, even when the code returned normally; what
        // matters is that the execution's record says it succeeded.
        org.assertj.core.api.Assertions.catchThrowable(() -> untyped.getResult(ExecutionStatus.class));
        assertThat(activities.completed()).hasSize(1);
        assertThat(activities.ended()).isEmpty();
        assertThat(activities.calls()).containsExactly("begin", "runTurn", "completed");
    }

    @Test
    void progressQueryReportsWhatTheRunningAttemptSignalled() {
        activities.then(activities.heartbeatsUntilReleased(succeeds()));
        TaskExecutionWorkflow workflow = workflow();
        WorkflowClient.start(workflow::run, input(3));
        await().until(() -> activities.runTurnCalls() == 1);

        workflow.reportProgress(new ProgressUpdate(1, 5, "Bash"));

        await().untilAsserted(() -> assertThat(workflow.progress())
                .isEqualTo(new ExecutionProgress("running", 1, 5, "Bash")));
        activities.release();
        assertThat(WorkflowStub.fromTyped(workflow).getResult(ExecutionStatus.class))
                .isEqualTo(ExecutionStatus.COMPLETED);
    }

    @Test
    void waitsForTheDecisionWithNoActivityRunningThenResumesAndCompletes() {
        UUID approvalId = UUID.randomUUID();
        activities.then(awaitsApproval(approvalId)).then(succeeds());
        TaskExecutionWorkflow workflow = workflow();
        WorkflowClient.start(workflow::run, input(3));
        await().until(() -> "awaiting_approval".equals(workflow.progress().phase()));
        assertThat(activities.calls()).containsExactly("begin", "runTurn");

        workflow.approvalDecided(approvalId);

        assertThat(WorkflowStub.fromTyped(workflow).getResult(ExecutionStatus.class))
                .isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(activities.calls()).containsExactly("begin", "runTurn", "runTurn", "completed");
    }

    @Test
    void failsAsApprovalExpiredWhenNobodyDecidesAndTheTaskSaysFail() {
        activities.then(awaitsApproval(UUID.randomUUID()));
        activities.failOnApprovalTimeout(true);

        assertThatThrownBy(() -> workflow().run(input(3)))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .isInstanceOfSatisfying(ApplicationFailure.class, failure -> {
                    assertThat(failure.getType()).isEqualTo("approval_expired");
                    assertThat(failure.isNonRetryable()).isTrue();
                });
        assertThat(activities.calls()).containsExactly("begin", "runTurn", "approvalExpired", "ended");
        assertThat(activities.ended().getFirst().errorType()).isEqualTo("approval_expired");
    }

    @Test
    void goesOnWithoutTheToolWhenNobodyDecidesAndTheTaskSaysDeny() {
        activities.then(awaitsApproval(UUID.randomUUID())).then(succeeds());

        assertThat(workflow().run(input(3))).isEqualTo(ExecutionStatus.COMPLETED);
        assertThat(activities.calls()).containsExactly("begin", "runTurn", "approvalExpired", "runTurn",
                "completed");
    }

    @Test
    void cancelWhileAwaitingApprovalEndsCancelledAtOnce() {
        activities.then(awaitsApproval(UUID.randomUUID()));
        TaskExecutionWorkflow workflow = workflow();
        WorkflowClient.start(workflow::run, input(3));
        await().until(() -> "awaiting_approval".equals(workflow.progress().phase()));

        WorkflowStub untyped = WorkflowStub.fromTyped(workflow);
        untyped.cancel();

        assertThatThrownBy(() -> untyped.getResult(ExecutionStatus.class))
                .isInstanceOf(WorkflowFailedException.class)
                .cause()
                .isInstanceOf(CanceledFailure.class);
        assertThat(activities.ended()).extracting(ScriptedActivities.Ended::status)
                .containsExactly(ExecutionStatus.CANCELLED);
        assertThat(activities.calls()).containsExactly("begin", "runTurn", "ended");
    }

    @Test
    void aWaitingExecutionLooksAgainLessAndLessOftenAndAtOnceWhenSignalled() {
        activities.queueFull(true);
        activities.then(succeeds());
        TaskExecutionWorkflow workflow = workflow();
        WorkflowClient.start(workflow::run, input(3));
        await().until(() -> activities.slotAsks().size() == 1);

        env.sleep(Duration.ofMinutes(40));

        // Unsignalled looks after 30 s, then twice as long each time up to 5 minutes: 11 looks in 40 minutes,
        // where the fixed half minute of before made 81.
        List<Long> asks = activities.slotAsks();
        List<Long> gaps = IntStream.range(1, asks.size())
                .mapToObj(i -> Math.round((asks.get(i) - asks.get(i - 1)) / 1000.0)).toList();
        assertThat(gaps).containsExactly(30L, 60L, 120L, 240L, 300L, 300L, 300L, 300L, 300L, 300L);
        assertThat(workflow.progress().phase()).isEqualTo("waiting_for_slot");

        activities.queueFull(false);
        workflow.slotGranted();

        assertThat(WorkflowStub.fromTyped(workflow).getResult(ExecutionStatus.class))
                .isEqualTo(ExecutionStatus.COMPLETED);
        // The signal is the grant: no further ask.
        assertThat(activities.slotAsks()).hasSize(asks.size());
        assertThat(activities.calls()).containsExactly("begin", "runTurn", "completed");
    }
}
