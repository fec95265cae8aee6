package dev.baton.execution;

import dev.baton.Poll;
import dev.baton.archive.HistoryArchive;
import dev.baton.claude.FailureType;
import dev.baton.session.SessionService;
import dev.baton.task.TaskService;
import dev.baton.task.TaskSpec;
import dev.baton.usage.UserQuota;
import dev.baton.web.ConflictException;
import dev.baton.web.InvalidFieldException;
import dev.baton.web.NotFoundException;
import dev.baton.web.PageView;
import dev.baton.web.RetryLaterException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowException;
import io.temporal.client.WorkflowNotFoundException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.PageRequest;
import org.springframework.data.domain.Sort;
import org.springframework.stereotype.Service;

/** Starts, reads and cancels task executions. Temporal runs them; PostgreSQL keeps their record. */
@Service
public class ExecutionService {

    private static final Logger log = LoggerFactory.getLogger(ExecutionService.class);
    private static final Duration PROGRESS_QUERY_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration SCHEDULED_RUN_POLL = Duration.ofMillis(100);
    private static final Set<ExecutionStatus> UNFINISHED = Set.of(ExecutionStatus.QUEUED, ExecutionStatus.RUNNING,
            ExecutionStatus.AWAITING_APPROVAL);

    private final ExecutionRepository executions;
    private final TaskService tasks;
    private final SessionService sessions;
    private final WorkflowStarter starter;
    private final WorkflowClient client;
    private final ExecutionLinks links;
    private final ExecutionBookkeeping bookkeeping;
    private final HistoryArchive archive;
    private final UserQuota quota;

    ExecutionService(ExecutionRepository executions, TaskService tasks, SessionService sessions,
            WorkflowStarter starter, WorkflowClient client, ExecutionLinks links, ExecutionBookkeeping bookkeeping,
            HistoryArchive archive, UserQuota quota) {
        this.executions = executions;
        this.tasks = tasks;
        this.sessions = sessions;
        this.starter = starter;
        this.client = client;
        this.links = links;
        this.bookkeeping = bookkeeping;
        this.archive = archive;
        this.quota = quota;
    }

    /** What {@code execute} answers, and whether the execution was made by this call or an earlier one. */
    record Accepted(ExecutionView execution, boolean created) {
    }

    /**
     * Records a queued execution and starts its workflow. The same idempotency key from the same user returns the
     * execution it first made and starts nothing.
     */
    Accepted execute(UUID taskId, UUID userId, TriggerType trigger, Map<String, String> requestVariables,
            String idempotencyKey, BigDecimal maxBudgetUsd) {
        Recorded recorded = record(taskId, userId, trigger, requestVariables, idempotencyKey, maxBudgetUsd);
        if (!recorded.created()) {
            return new Accepted(view(recorded.execution()), false);
        }
        startRun(recorded);
        return new Accepted(view(reload(recorded.execution().id())), true);
    }

    /**
     * Executes as {@link #execute} does, then waits for the execution's end (the {@code sync} mode) and answers the
     * final record. A repeated request (the same idempotency key) waits for the execution the first one made.
     */
    ExecutionView executeAndAwait(UUID taskId, UUID userId, TriggerType trigger, Map<String, String> requestVariables,
            String idempotencyKey, BigDecimal maxBudgetUsd) {
        Recorded recorded = record(taskId, userId, trigger, requestVariables, idempotencyKey, maxBudgetUsd);
        if (!recorded.created()) {
            return awaitEnd(recorded.execution().id(), userId);
        }
        TaskExecution execution = recorded.execution();
        // Waits on the run it started, with the task it read to start it: nothing needs reading again until the end.
        awaitRun(execution.workflowId(), startRun(recorded), recorded.spec());
        return get(execution.id(), userId);
    }

    /** @return the id of the workflow run started for a newly recorded execution */
    private String startRun(Recorded recorded) {
        TaskExecution execution = recorded.execution();
        try {
            String runId = starter.start(execution, recorded.spec());
            executions.recordRunId(execution.id(), runId);
            return runId;
        } catch (RuntimeException e) {
            throw startFailed(execution.id(), e);
        }
    }

    /**
     * Records a scheduled run's execution without starting it: the scheduled run's workflow starts it as a child.
     * The run key makes a retried activity find the execution it already made.
     */
    ExecutionInput createScheduled(UUID taskId, UUID userId, Map<String, String> variables, String runKey) {
        Recorded recorded = record(taskId, userId, TriggerType.SCHEDULED, variables, runKey, null);
        TaskSpec spec = recorded.spec() != null ? recorded.spec() : tasks.spec(taskId, userId);
        return starter.input(recorded.execution(), spec);
    }

    private record Recorded(TaskExecution execution, TaskSpec spec, boolean created) {
    }

    private Recorded record(UUID taskId, UUID userId, TriggerType trigger, Map<String, String> requestVariables,
            String idempotencyKey, BigDecimal maxBudgetUsd) {
        if (idempotencyKey != null) {
            Optional<TaskExecution> earlier = executions.findByUserIdAndIdempotencyKey(userId, idempotencyKey);
            if (earlier.isPresent()) {
                return new Recorded(earlier.get(), null, false);
            }
        }
        if (trigger != TriggerType.SCHEDULED) {
            // Refused before anything is written; a scheduled run is recorded and then fails as budget_exhausted.
            quota.checkBudget(userId, null);
        }
        TaskService.Rendered rendered = tasks.render(taskId, userId, requestVariables);
        checkLength(rendered.prompt());
        try {
            TaskExecution saved = bookkeeping.recordQueued(new TaskExecution(taskId, userId, trigger, idempotencyKey,
                    rendered.prompt(), rendered.variables(), maxBudgetUsd));
            return new Recorded(saved, rendered.spec(), true);
        } catch (DataIntegrityViolationException race) {
            // Another request with the same key won the insert; answer with its execution.
            return executions.findByUserIdAndIdempotencyKey(userId, idempotencyKey)
                    .map(e -> new Recorded(e, null, false)).orElseThrow(() -> race);
        }
    }

    /** Waits for the execution's workflow to end (the {@code sync} mode), then answers the final record. */
    private ExecutionView awaitEnd(UUID executionId, UUID userId) {
        TaskExecution execution = owned(executionId, userId);
        awaitRun(execution.workflowId(), execution.runId(), tasks.spec(execution.taskId(), userId));
        return get(executionId, userId);
    }

    /** Waits for the run to end, as long as the task's attempts, timeouts and backoff allow and a minute more. */
    private void awaitRun(String workflowId, String runId, TaskSpec spec) {
        var retry = spec.retry();
        long bound = (long) retry.maxAttempts() * (spec.timeoutSeconds() + retry.maximumIntervalSeconds()) + 60;
        try {
            client.newUntypedWorkflowStub(workflowId, Optional.ofNullable(runId), Optional.empty())
                    .getResult(bound, TimeUnit.SECONDS, ExecutionStatus.class);
        } catch (WorkflowException | TimeoutException ended) {
            // A failed, cancelled or overlong run is reported through the execution's own status afterwards.
        }
    }

    public ExecutionView get(UUID executionId, UUID userId) {
        TaskExecution execution = owned(executionId, userId);
        ExecutionProgress progress = UNFINISHED.contains(execution.status()) ? progress(execution) : null;
        return links.view(execution, progress,
                execution.sessionId() == null ? List.of() : sessions.turns(execution.sessionId()));
    }

    /** What Claude is told when a continuation gives no message of its own. */
    static final String CONTINUE_MESSAGE = "You were stopped before you finished (you reached a limit on turns, "
            + "budget or time). Continue where you stopped and finish the task.";

    /**
     * Continues an execution that ended max_turns, budget_exceeded or timed_out: a new workflow run of the same
     * execution resumes its conversation, with the limits given (null keeps the session's).
     *
     * @throws ConflictException for an execution that ended otherwise, or has not ended
     */
    ExecutionView continueExecution(UUID executionId, UUID userId, String message, Integer maxTurns,
            BigDecimal additionalBudgetUsd) {
        String text = message == null ? CONTINUE_MESSAGE : message;
        sessions.validatePrompt(text);
        TaskExecution found = owned(executionId, userId);
        if (!found.continuable()) {
            throw new ConflictException("execution " + executionId + " is " + found.status().jsonValue()
                    + (found.errorType() == null ? "" : " (" + found.errorType() + ")")
                    + "; only an execution that ended max_turns, budget_exceeded or timed_out can be continued");
        }
        quota.checkBudget(userId, found.sessionId());
        TaskExecution execution = bookkeeping.continueWith(executionId, userId, text, maxTurns, additionalBudgetUsd);
        try {
            bookkeeping.restarted(executionId, starter.start(execution, tasks.spec(execution.taskId(), userId)));
        } catch (RuntimeException e) {
            throw startFailed(executionId, e);
        }
        return view(reload(executionId));
    }

    /** A workflow that could not start: the execution is marked failed, and the caller may try again later. */
    private RetryLaterException startFailed(UUID executionId, RuntimeException e) {
        log.warn("Could not start the workflow of execution {}: {}", executionId, e.toString());
        markStartFailed(executionId, e);
        return new RetryLaterException(FailureType.UNAVAILABLE, "Execution " + executionId + " failed: "
                + startFailure(e), Duration.ofSeconds(30));
    }

    /** A run a schedule started: which execution it made, and how it stands. */
    public record RecentRun(UUID executionId, ExecutionStatus status, java.time.Instant triggeredAt) {
    }

    /** The newest executions schedules started for a task. */
    public List<RecentRun> recentScheduled(UUID taskId, int limit) {
        return executions.findByTaskIdAndTriggerTypeOrderByCreatedAtDesc(taskId, TriggerType.SCHEDULED,
                        org.springframework.data.domain.Limit.of(limit)).stream()
                .map(e -> new RecentRun(e.id(), e.status(), e.createdAt())).toList();
    }

    /** A scheduled run's workflow, for showing a schedule's recent runs in the Temporal Web UI. */
    public record ScheduledWorkflow(String workflowId, String runId, ExecutionStatus status, java.time.Instant triggeredAt,
            java.time.Instant startedAt) {
    }

    /** The workflows of the newest executions schedules started for a task. */
    public List<ScheduledWorkflow> recentScheduledWorkflows(UUID taskId, int limit) {
        return executions.findByTaskIdAndTriggerTypeOrderByCreatedAtDesc(taskId, TriggerType.SCHEDULED,
                        org.springframework.data.domain.Limit.of(limit)).stream()
                .map(e -> new ScheduledWorkflow(e.workflowId(), e.runId(), e.status(), e.createdAt(), e.startedAt()))
                .toList();
    }

    /** The owner of each execution workflow among {@code workflowIds}; ids of other workflows are left out. */
    public Map<String, UUID> workflowOwners(java.util.Collection<String> workflowIds) {
        Map<String, UUID> owners = new java.util.HashMap<>();
        if (!workflowIds.isEmpty()) {
            executions.findOwners(workflowIds).forEach(row -> owners.put((String) row[0], (UUID) row[1]));
        }
        return owners;
    }

    /**
     * The execution a scheduled run records, once its first activity has recorded it; waits up to {@code wait} for
     * that, and is empty if it did not happen in time.
     */
    public Optional<ExecutionView> awaitScheduledRun(UUID userId, String runWorkflowId, String runId, Duration wait) {
        String key = ScheduledRunWorkflowImpl.runKey(runWorkflowId, runId);
        return Poll.until(() -> executions.findByUserIdAndIdempotencyKey(userId, key), wait, SCHEDULED_RUN_POLL)
                .map(this::view);
    }

    PageView<ExecutionView> list(UUID taskId, UUID userId, int page, int size) {
        tasks.get(taskId, userId);
        var request = PageRequest.of(page, size, Sort.by(Sort.Direction.DESC, "createdAt"));
        return PageView.of(executions.findByTaskId(taskId, request), this::view);
    }

    /** Asks Temporal to cancel; the workflow kills the CLI and records {@code cancelled}. */
    ExecutionView cancel(UUID executionId, UUID userId) {
        TaskExecution execution = owned(executionId, userId);
        if (execution.status().isTerminal()) {
            throw new ConflictException("execution " + executionId + " already ended as "
                    + execution.status().jsonValue());
        }
        try {
            client.newUntypedWorkflowStub(execution.workflowId(), Optional.ofNullable(execution.runId()),
                    Optional.empty()).cancel();
        } catch (WorkflowNotFoundException lost) {
            // No workflow to ask (its server lost it): cancel the record directly.
            bookkeeping.ended(executionId, ExecutionStatus.CANCELLED, FailureType.CANCELLED.code(),
                    "The execution was cancelled by request.");
        }
        return view(reload(executionId));
    }

    /**
     * The events of the execution's current run: from Temporal while it has the run, from the archive once it no
     * longer does (past the embedded server's retention, or after a restart of it).
     */
    ExecutionHistory history(UUID executionId, UUID userId) {
        TaskExecution execution = owned(executionId, userId);
        String workflowId = execution.workflowId();
        String runId = execution.runId();
        if (runId == null) {
            return new ExecutionHistory(ExecutionHistory.Source.NONE, workflowId, null, List.of());
        }
        RuntimeException temporalFailure;
        try {
            return ExecutionHistory.of(ExecutionHistory.Source.TEMPORAL, workflowId, runId,
                    client.fetchHistory(workflowId, runId).getHistory());
        } catch (RuntimeException e) {
            temporalFailure = e;
        }
        var archived = archive.find(workflowId, runId);
        if (archived.isPresent()) {
            return ExecutionHistory.of(ExecutionHistory.Source.ARCHIVE, workflowId, runId, archived.get());
        }
        if (notFound(temporalFailure)) {
            throw new NotFoundException("history of execution",
                    executionId + " (neither Temporal nor the archive has its run " + runId + ")");
        }
        log.warn("Could not read the history of execution {} from Temporal: {}", executionId, temporalFailure.toString());
        throw new RetryLaterException(FailureType.UNAVAILABLE, "the history of execution " + executionId
                + " is not archived and Temporal did not answer; try again later", Duration.ofSeconds(30));
    }

    private static boolean notFound(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof WorkflowNotFoundException || cause instanceof StatusRuntimeException status
                    && status.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return true;
            }
        }
        return false;
    }

    /** The rendered prompt goes to the CLI like any message, so it must fit the same limit. */
    private void checkLength(String prompt) {
        try {
            sessions.validatePrompt(prompt);
        } catch (InvalidFieldException e) {
            throw new InvalidFieldException("variables", "the rendered prompt " + e.reason());
        }
    }

    /** Live progress from the workflow's query; never holds up the answer for long. */
    private ExecutionProgress progress(TaskExecution execution) {
        try {
            return CompletableFuture.supplyAsync(() -> client.newWorkflowStub(TaskExecutionWorkflow.class,
                            execution.workflowId(), Optional.ofNullable(execution.runId())).progress(),
                    runnable -> Thread.ofVirtual().start(runnable))
                    .get(PROGRESS_QUERY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            return null;
        }
    }

    private void markStartFailed(UUID executionId, RuntimeException cause) {
        bookkeeping.ended(executionId, ExecutionStatus.FAILED, "workflow_start_failed", startFailure(cause));
    }

    /** What to do first, then what Temporal said. */
    private static String startFailure(RuntimeException cause) {
        return "Temporal could not start its workflow; check that the Temporal server is reachable "
                + "(BATON_TEMPORAL_TARGET) and execute the task again (Temporal said: " + cause.getMessage() + ")";
    }

    private TaskExecution owned(UUID executionId, UUID userId) {
        return executions.findByIdAndUserId(executionId, userId)
                .orElseThrow(() -> new NotFoundException("execution", executionId));
    }

    private TaskExecution reload(UUID executionId) {
        return executions.findById(executionId).orElseThrow(() -> new NotFoundException("execution", executionId));
    }

    private ExecutionView view(TaskExecution execution) {
        return links.view(execution, null);
    }

    static Set<ExecutionStatus> unfinished() {
        return UNFINISHED;
    }
}
