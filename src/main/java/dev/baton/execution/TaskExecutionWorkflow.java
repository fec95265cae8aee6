package dev.baton.execution;

import java.util.UUID;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Runs one task execution: prepare a session, run the turn with the task's retry policy, record the outcome. */
@WorkflowInterface
public interface TaskExecutionWorkflow {

    @WorkflowMethod
    ExecutionStatus run(ExecutionInput input);

    @QueryMethod
    ExecutionProgress progress();

    @SignalMethod
    void reportProgress(ProgressUpdate update);

    /** A person decided the approval request the execution waits on (or may wait on soon). */
    @SignalMethod
    void approvalDecided(UUID approvalId);
    /**
     * The execution holds a turn slot of the fair-share queue: sent only once the grant is committed, so the
     * workflow starts its turn without asking the queue again.
     */
    @SignalMethod
    void slotGranted();
}
