package dev.baton.execution;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * What a schedule starts each time it fires, with either engine: it records an execution with trigger
 * {@code scheduled} and runs the ordinary {@link TaskExecutionWorkflow} as its child, so a scheduled execution has
 * the same workflow, status, history and cancel as a manual one. It lasts as long as its execution, which is what
 * lets the schedule's overlap policy see a run as still running.
 */
@WorkflowInterface
public interface ScheduledRunWorkflow {

    @WorkflowMethod
    ExecutionStatus run(ScheduledRunInput input);
}
