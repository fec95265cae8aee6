package dev.baton.execution;

import dev.baton.approval.ApprovalService;
import dev.baton.approval.ApprovalStatus;
import dev.baton.approval.ApprovalView;
import dev.baton.approval.ExecutionApprover;
import dev.baton.claude.FailureType;
import dev.baton.session.SessionService;
import dev.baton.session.TurnOptions;
import dev.baton.session.TurnResult;
import dev.baton.session.TurnStarter;
import dev.baton.web.BudgetExhaustedException;
import dev.baton.web.ConflictException;
import dev.baton.web.InvalidFieldException;
import dev.baton.web.NotFoundException;
import dev.baton.web.RetryLaterException;
import dev.baton.web.ServiceUnavailableException;
import io.temporal.activity.Activity;
import io.temporal.activity.ActivityExecutionContext;
import io.temporal.client.WorkflowClient;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The execution's activities, as a Spring bean registered on the task queue's worker. {@link #runTurn} goes
 * through the same {@link SessionService} that interactive sessions use.
 */
@Component("executionActivities")
class ExecutionActivitiesImpl implements ExecutionActivities {

    private final ExecutionBookkeeping bookkeeping;
    private final SessionService sessions;
    private final WorkflowClient client;
    private final WorkflowProperties properties;
    private final AttemptDrain drain;
    private final ApprovalService approvals;

    ExecutionActivitiesImpl(ExecutionBookkeeping bookkeeping, SessionService sessions, WorkflowClient client,
            WorkflowProperties properties, AttemptDrain drain, ApprovalService approvals) {
        this.approvals = approvals;
        this.bookkeeping = bookkeeping;
        this.sessions = sessions;
        this.client = client;
        this.properties = properties;
        this.drain = drain;
    }

    @Override
    public Begun begin(UUID executionId) {
        return bookkeeping.begin(executionId);
    }

    @Override
    public UUID prepare(UUID executionId) {
        return bookkeeping.prepare(executionId);
    }

    @Override
    public boolean acquireSlot(UUID executionId) {
        return bookkeeping.acquireSlot(executionId);
    }

    @Override
    public TurnSummary runTurn(UUID executionId, UUID sessionId) {
        ActivityExecutionContext context = Activity.getExecutionContext();
        drain.admit(executionId, context);
        try {
            return runAttempt(executionId, sessionId, context);
        } finally {
            drain.ended(executionId);
        }
    }

    private TurnSummary runAttempt(UUID executionId, UUID sessionId, ActivityExecutionContext context) {
        int attempt = context.getInfo().getAttempt();
        // A decision the execution waits on, or one its turn is to resume with: kept in PostgreSQL, so a workflow
        // run started again after a restart (see ExecutionRecovery) finds it here and runs no CLI to wait.
        UUID awaited = bookkeeping.awaitedApproval(executionId);
        ApprovalView resumedFrom = awaited == null ? approvals.pendingOf(executionId).orElse(null)
                : approvals.find(awaited).orElse(null);
        awaited = resumedFrom == null ? null : resumedFrom.id();
        if (resumedFrom != null && resumedFrom.status() == ApprovalStatus.PENDING) {
            bookkeeping.awaitApproval(executionId, awaited);
            return TurnSummary.awaiting(attempt, awaited, resumedFrom.expiresAt().toEpochMilli());
        }
        ExecutionBookkeeping.Attempt work = bookkeeping.start(executionId, attempt);
        ExecutionApprover approver = work.askApprovals() || resumedFrom != null
                ? approvals.forExecution(work.userId(), executionId, Duration.ofSeconds(work.approvalTimeoutSeconds()),
                        resumedFrom)
                : null;
        String workflowId = context.getInfo().getWorkflowId();
        var heartbeat = new AttemptHeartbeat(context, properties.heartbeatInterval(), attempt,
                update -> client.newWorkflowStub(TaskExecutionWorkflow.class, workflowId).reportProgress(update));
        // Each attempt of a first run is a fresh conversation: resuming a failed one would send the prompt twice. A
        // continuation resumes the conversation it continues, and a turn after a decision resumes to tell Claude what
        // was decided.
        var options = new TurnOptions(TurnStarter.EXECUTION.owner(executionId), attempt,
                Duration.ofSeconds(work.timeoutSeconds()),
                work.resume() || resumedFrom != null, heartbeat, approver == null ? null : approver::forTurn);
        String prompt = resumedFrom == null ? work.prompt() : ResumePrompts.after(resumedFrom);
        TurnResult result;
        try {
            result = sessions.sendMessage(sessionId, work.userId(), prompt, options);
        } catch (ConflictException e) {
            throw TemporalFailures.of(FailureType.SESSION_BUSY, e.getMessage());
        } catch (BudgetExhaustedException e) {
            throw TemporalFailures.of(FailureType.BUDGET_EXHAUSTED, e.getMessage());
        } catch (RetryLaterException e) {
            // capacity is retried; cli_missing is not.
            throw TemporalFailures.of(e.failure(), e.getMessage());
        } catch (ServiceUnavailableException e) {
            // workspace_unavailable: the session's workspace is on another worker's disk, and a retry may land there.
            throw TemporalFailures.of(e.failure(), e.getMessage());
        } catch (InvalidFieldException | NotFoundException e) {
            throw TemporalFailures.of(FailureType.INVALID_CONFIGURATION, e.getMessage());
        } finally {
            heartbeat.stop();
            // A cancel or timeout that Temporal reported wins over whatever the killed turn ended with.
            heartbeat.rethrowIfStopped();
        }
        if (approver != null && approver.pausedOn() != null) {
            // The CLI was stopped for a person's decision: the workflow waits for it, durably.
            ApprovalView paused = approver.pausedOn();
            bookkeeping.awaitApproval(executionId, paused.id());
            return TurnSummary.awaiting(attempt, paused.id(), paused.expiresAt().toEpochMilli());
        }
        if (!result.isError()) {
            if (resumedFrom != null) {
                bookkeeping.approvalResumed(executionId);
            }
            return new TurnSummary(attempt, result.response(), result.costUsd(),
                    result.usage() == null ? null : result.usage().toString(), result.durationMs(), result.numTurns(),
                    result.messageCount());
        }
        TurnResult.TurnError error = result.error();
        if (FailureType.CANCELLED.code().equals(error.type())) {
            // Temporal did not cancel this attempt (that would have been rethrown above): the node killed it while
            // shutting down, so another worker should take it over.
            throw TemporalFailures.of(FailureType.WORKER_SHUTDOWN, FailureType.WORKER_SHUTDOWN.summary());
        }
        var detail = new FailureDetail(error.cliMessage(), error.apiStatus());
        throw error.retryable()
                ? ApplicationFailure.newFailure(error.message(), error.type(), detail)
                : ApplicationFailure.newNonRetryableFailure(error.message(), error.type(), detail);
    }

    @Override
    public void completed(UUID executionId, TurnSummary summary) {
        bookkeeping.completed(executionId, summary);
    }

    @Override
    public boolean approvalExpired(UUID executionId, UUID approvalId) {
        ApprovalView now = approvals.expire(approvalId);
        return now.status() == ApprovalStatus.EXPIRED && bookkeeping.failsOnApprovalTimeout(executionId);
    }

    @Override
    public void ended(UUID executionId, ExecutionStatus status, String errorType, String message, String cliMessage,
            Integer apiStatus) {
        // A request still pending when the execution ends (cancelled while it waited) will never be acted on.
        UUID awaited = bookkeeping.awaitedApproval(executionId);
        if (awaited == null) {
            awaited = approvals.pendingOf(executionId).map(ApprovalView::id).orElse(null);
        }
        if (awaited != null) {
            approvals.executionEnded(awaited);
        }
        bookkeeping.ended(executionId, status, errorType, message, new FailureDetail(cliMessage, apiStatus));
    }
}
