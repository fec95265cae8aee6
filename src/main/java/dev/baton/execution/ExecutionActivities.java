package dev.baton.execution;

import io.temporal.activity.ActivityInterface;
import java.util.UUID;

/** Every piece of I/O an execution does. Each method is idempotent: Temporal may run it more than once. */
@ActivityInterface
public interface ExecutionActivities {

    /**
     * {@link #prepare} and then {@link #acquireSlot}, in one activity and one transaction: what every execution does
     * first. Runs recorded before it came in scheduled the two apart.
     */
    Begun begin(UUID executionId);

    /** Creates the execution's own session (once) and returns its id. */
    UUID prepare(UUID executionId);

    /**
     * Joins the fair-share queue (once) and says whether the execution holds a turn slot. Executions that got a slot
     * meanwhile are signalled ({@link TaskExecutionWorkflow#slotGranted}).
     */
    boolean acquireSlot(UUID executionId);

    /**
     * Runs the task's prompt through {@code SessionService.sendMessage}, heartbeating while the CLI lives.
     * Fails with an {@code ApplicationFailure} whose type is the turn's error type; permanent ones are
     * non-retryable.
     */
    TurnSummary runTurn(UUID executionId, UUID sessionId);

    void completed(UUID executionId, TurnSummary summary);

    /**
     * Ends an approval request of the execution that nobody decided in time (a no-op when it was decided meanwhile).
     *
     * @return true when the task says to fail then ({@code onApprovalTimeout: fail}) and the request did expire
     */
    boolean approvalExpired(UUID executionId, UUID approvalId);

    /**
     * Records a terminal failure status ({@code failed}, {@code cancelled} or {@code timed_out}), with the CLI's own
     * text and the API's HTTP status when the last attempt reported them (null otherwise, and in histories recorded
     * before they existed).
     */
    void ended(UUID executionId, ExecutionStatus status, String errorType, String message, String cliMessage,
            Integer apiStatus);
}
