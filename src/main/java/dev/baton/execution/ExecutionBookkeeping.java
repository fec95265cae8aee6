package dev.baton.execution;

import dev.baton.approval.ApprovalMode;
import dev.baton.approval.OnApprovalTimeout;
import dev.baton.claude.FailureType;
import dev.baton.session.SessionService;
import dev.baton.session.TurnLedger;
import dev.baton.session.TurnListing;
import dev.baton.task.TaskService;
import dev.baton.task.TaskSpec;
import dev.baton.usage.FairShare;
import dev.baton.web.ConflictException;
import dev.baton.web.NotFoundException;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The execution's rows in PostgreSQL, changed only under the row lock and only in ways the entity allows. Each real
 * move raises an event ({@link ExecutionStarted}, {@link ExecutionFinished}); a repeated one, as from a retried
 * activity, raises none.
 */
@Component
class ExecutionBookkeeping {

    private static final Logger log = LoggerFactory.getLogger(ExecutionBookkeeping.class);

    private final ExecutionRepository executions;
    private final TaskService tasks;
    private final SessionService sessions;
    private final ExecutionLinks links;
    private final ApplicationEventPublisher events;
    private final FairShare fairShare;
    private final WorkflowClient client;

    ExecutionBookkeeping(ExecutionRepository executions, TaskService tasks, SessionService sessions,
            ExecutionLinks links, ApplicationEventPublisher events, FairShare fairShare, WorkflowClient client) {
        this.executions = executions;
        this.tasks = tasks;
        this.sessions = sessions;
        this.links = links;
        this.events = events;
        this.fairShare = fairShare;
        this.client = client;
    }

    /**
     * What one attempt needs to run.
     *
     * @param resume whether to resume the session's conversation: a continuation's attempts do, a first run's start
     *        afresh
     * @param askApprovals whether tool calls outside {@code allowedTools} wait for a person (approvalMode ask)
     */
    record Attempt(UUID userId, String prompt, int timeoutSeconds, boolean resume, boolean askApprovals,
            int approvalTimeoutSeconds) {
    }

    /** Records a new execution with its place in the fair-share queue, so that neither is there without the other. */
    @Transactional
    TaskExecution recordQueued(TaskExecution execution) {
        TaskExecution saved = executions.saveAndFlush(execution);
        fairShare.enqueue(saved.id(), saved.userId());
        return saved;
    }

    @Transactional
    UUID prepare(UUID executionId) {
        TaskExecution execution = lock(executionId);
        if (execution.sessionId() == null) {
            TaskSpec spec = tasks.spec(execution.taskId(), execution.userId());
            String title = "Task '" + spec.name() + "', execution " + executionId;
            var settings = execution.maxBudgetUsd() == null ? spec.sessionSettings(title)
                    : spec.sessionSettings(title, execution.maxBudgetUsd());
            execution.attachSession(sessions.create(execution.userId(), settings, spec.workingDirectory()).id());
        }
        return execution.sessionId();
    }

    /**
     * Prepares the execution and asks for its turn slot in one transaction, which still holds the execution's row
     * from {@link #prepare}: so the slot's check finds it without a second read. Executions that get a slot through
     * this one are told once it is committed.
     */
    @Transactional
    Begun begin(UUID executionId) {
        UUID sessionId = prepare(executionId);
        return new Begun(sessionId, holdsSlot(executionId, this::signalSlotsOnCommit));
    }

    /** @return whether the execution holds a turn slot of the fair-share queue (see {@link FairShare}) */
    boolean acquireSlot(UUID executionId) {
        return holdsSlot(executionId, granted -> granted.forEach(this::signalSlot));
    }

    /** @param signal how to tell the other executions that got a slot meanwhile */
    private boolean holdsSlot(UUID executionId, Consumer<List<UUID>> signal) {
        TaskExecution execution = executions.findById(executionId).orElseThrow(() -> TemporalFailures.of(
                FailureType.NOT_FOUND, "Execution " + executionId + " no longer exists (its task was deleted)"));
        if (execution.status().isTerminal()) {
            throw TemporalFailures.of(FailureType.EXECUTION_ENDED,
                    "Execution " + executionId + " already ended as " + execution.status().jsonValue());
        }
        if (execution.status() == ExecutionStatus.AWAITING_APPROVAL) {
            // A run started again (after a restart) while the execution waits for a person: it runs no CLI until the
            // decision, so it takes no slot, and holding one for hours would starve everyone else's executions.
            return true;
        }
        FairShare.Grant grant = fairShare.tryAcquire(executionId, execution.userId());
        signal.accept(grant.granted().stream().filter(id -> !id.equals(executionId)).toList());
        return grant.held();
    }

    /** Tells executions that got a turn slot, once the grant is committed. */
    private void signalSlotsOnCommit(List<UUID> granted) {
        if (granted.isEmpty()) {
            return;
        }
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                granted.forEach(ExecutionBookkeeping.this::signalSlot);
            }
        });
    }

    /** Best effort: an execution that misses it is told again by the {@link SlotSweep}, or looks again itself. */
    void signalSlot(UUID executionId) {
        try {
            client.newWorkflowStub(TaskExecutionWorkflow.class, TaskExecution.workflowIdFor(executionId)).slotGranted();
        } catch (RuntimeException e) {
            log.debug("Could not tell execution {} it got a turn slot: {}", executionId, e.toString());
        }
    }

    @Transactional
    Attempt start(UUID executionId, int attempt) {
        TaskExecution execution = lock(executionId);
        boolean leavesQueue = execution.status() == ExecutionStatus.QUEUED;
        if (!execution.start(attempt)) {
            throw TemporalFailures.of(FailureType.EXECUTION_ENDED,
                    "Execution " + executionId + " already ended as " + execution.status().jsonValue());
        }
        if (leavesQueue) {
            events.publishEvent(new ExecutionStarted(executionId, execution.triggerType(), execution.userId(),
                    links.view(execution, null)));
        }
        TaskSpec spec = tasks.spec(execution.taskId(), execution.userId());
        boolean continuing = execution.continuations() > 0;
        return new Attempt(execution.userId(), continuing ? execution.continueMessage() : execution.prompt(),
                spec.timeoutSeconds(), continuing, spec.approvalMode() == ApprovalMode.ASK,
                spec.approvalTimeoutSeconds());
    }

    /** The approval the execution waits on, or decided and not yet resumed from; null when none. */
    @Transactional(readOnly = true)
    UUID awaitedApproval(UUID executionId) {
        return executions.findById(executionId).map(TaskExecution::approvalId).orElse(null);
    }

    @Transactional
    void awaitApproval(UUID executionId, UUID approvalId) {
        TaskExecution execution = lock(executionId);
        if (!execution.awaitApproval(approvalId)) {
            throw TemporalFailures.of(FailureType.EXECUTION_ENDED,
                    "Execution " + executionId + " already ended as " + execution.status().jsonValue());
        }
    }

    @Transactional
    void approvalResumed(UUID executionId) {
        lock(executionId).approvalResumed();
    }

    /** Whether the execution's task fails ({@code onApprovalTimeout: fail}) when nobody decides in time. */
    @Transactional(readOnly = true)
    boolean failsOnApprovalTimeout(UUID executionId) {
        TaskExecution execution = executions.findById(executionId).orElseThrow(() -> TemporalFailures.of(
                FailureType.NOT_FOUND, "Execution " + executionId + " no longer exists"));
        return tasks.spec(execution.taskId(), execution.userId()).onApprovalTimeout() == OnApprovalTimeout.FAIL;
    }

    @Transactional
    void completed(UUID executionId, TurnSummary summary) {
        TaskExecution execution = lock(executionId);
        signalSlotsOnCommit(fairShare.release(executionId));
        TurnLedger ledger = ledger(execution);
        if (execution.complete(summary.response(), ledger.spend(), summary.durationMs())) {
            finished(execution, ledger.turns());
        }
    }

    @Transactional
    void ended(UUID executionId, ExecutionStatus status, String errorType, String message) {
        ended(executionId, status, errorType, message, null);
    }

    /** @param detail what the CLI said about the last attempt, or null */
    @Transactional
    void ended(UUID executionId, ExecutionStatus status, String errorType, String message, FailureDetail detail) {
        TaskExecution execution = lock(executionId);
        signalSlotsOnCommit(fairShare.release(executionId));
        TurnLedger ledger = ledger(execution);
        if (execution.fail(status, errorType, message, detail, ledger.spend())) {
            finished(execution, ledger.turns());
        }
    }

    /** Every attempt's turn cost something, failed ones too: the execution reports them all. */
    private TurnLedger ledger(TaskExecution execution) {
        return execution.sessionId() == null ? TurnLedger.NONE : sessions.ledger(execution.sessionId());
    }

    /** @param turns the execution's turns, as GET /api/v1/executions/{id} shows them with an ended execution */
    private void finished(TaskExecution execution, List<TurnListing> turns) {
        Duration runTime = execution.startedAt() == null ? null
                : Duration.between(execution.startedAt(), execution.completedAt());
        events.publishEvent(new ExecutionFinished(execution.id(), execution.status(), execution.triggerType(), runTime,
                execution.userId(), links.view(execution, null, turns)));
        logOnCommit(execution);
    }

    /**
     * One INFO line per ended execution, once its end is committed: an expected failure (max_turns, a rejected key)
     * is an outcome, so it has no stack trace (see ExpectedFailureLogFilter).
     */
    private static void logOnCommit(TaskExecution e) {
        String line = String.format("Execution ended: execution=%s task=%s status=%s errorType=%s attempts=%d "
                        + "durationMs=%s costUsd=%s trigger=%s", e.id(), e.taskId(), e.status().jsonValue(),
                e.errorType() == null ? "none" : e.errorType(), e.attempt(),
                e.durationMs() == null ? "-" : e.durationMs(),
                e.costUsd() == null ? "-" : e.costUsd().toPlainString(), e.triggerType().jsonValue());
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                log.info(line);
            }
        });
    }

    /**
     * Queues an execution cut short again, with the limits its continuation runs under, and puts it in the
     * fair-share queue.
     *
     * @return the execution as queued again
     * @throws ConflictException when the execution did not end in a way that can be continued
     */
    @Transactional
    TaskExecution continueWith(UUID executionId, UUID userId, String message, Integer maxTurns,
            java.math.BigDecimal budgetUsd) {
        TaskExecution execution = executions.lock(executionId).filter(e -> e.userId().equals(userId))
                .orElseThrow(() -> new NotFoundException("execution", executionId));
        if (!execution.continueWith(message)) {
            throw new ConflictException("execution " + executionId + " ended as " + execution.status().jsonValue()
                    + (execution.errorType() == null ? "" : " (" + execution.errorType() + ")")
                    + "; only an execution that ended max_turns, budget_exceeded or timed_out can be continued");
        }
        if (execution.sessionId() != null) {
            sessions.continueWith(execution.sessionId(), userId, maxTurns, budgetUsd);
        }
        fairShare.enqueue(executionId, userId);
        return execution;
    }

    @Transactional
    void restarted(UUID executionId, String runId) {
        lock(executionId).restarted(runId);
    }

    private TaskExecution lock(UUID executionId) {
        return executions.lock(executionId).orElseThrow(() -> TemporalFailures.of(FailureType.NOT_FOUND,
                "Execution " + executionId + " no longer exists (its task was deleted)"));
    }
}
