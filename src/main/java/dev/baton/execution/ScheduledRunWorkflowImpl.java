package dev.baton.execution;

import dev.baton.claude.FailureType;
import io.temporal.activity.ActivityOptions;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ChildWorkflowFailure;
import io.temporal.workflow.Async;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Map;

public class ScheduledRunWorkflowImpl implements ScheduledRunWorkflow {

    private final ScheduledRunActivities activities = Workflow.newActivityStub(ScheduledRunActivities.class,
            ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(30))
                    .setRetryOptions(RetryOptions.newBuilder()
                            .setInitialInterval(Duration.ofSeconds(1))
                            .setMaximumInterval(Duration.ofMinutes(1))
                            .setMaximumAttempts(20)
                            .setDoNotRetry(FailureType.NOT_FOUND.temporalType(),
                                    FailureType.INVALID_VARIABLES.temporalType())
                            .build())
                    .build());

    /** The idempotency key of the execution a scheduled run records, so a retried activity finds it again. */
    static String runKey(String workflowId, String runId) {
        return "scheduled:" + workflowId + "/" + runId;
    }

    @Override
    public ExecutionStatus run(ScheduledRunInput input) {
        String runKey = runKey(Workflow.getInfo().getWorkflowId(), Workflow.getInfo().getRunId());
        ExecutionInput execution = activities.createExecution(input.taskId(), input.userId(), input.variables(), runKey);
        TaskExecutionWorkflow child = Workflow.newChildWorkflowStub(TaskExecutionWorkflow.class,
                ChildWorkflowOptions.newBuilder()
                        .setWorkflowId(TaskExecution.workflowIdFor(execution.executionId()))
                        // Cancelling the run (a schedule's cancel_other, or deleting it) cancels the execution too.
                        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_REQUEST_CANCEL)
                        .setMemo(Map.of(
                                "executionId", execution.executionId().toString(),
                                "taskId", execution.taskId().toString(),
                                "userId", execution.userId().toString(),
                                "triggerType", execution.triggerType()))
                        .build());
        Promise<ExecutionStatus> result = Async.function(child::run, execution);
        WorkflowExecution started = Workflow.getWorkflowExecution(child).get();
        activities.started(execution.executionId(), started.getRunId());
        try {
            return result.get();
        } catch (ChildWorkflowFailure failure) {
            // The execution recorded its own outcome; this run only reports that it did not complete.
            return ExecutionStatus.FAILED;
        }
    }
}
