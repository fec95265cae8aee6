package dev.baton.execution;

import dev.baton.claude.FailureType;
import dev.baton.session.SessionService;
import dev.baton.session.TurnSpend;
import dev.baton.task.TaskService;
import dev.baton.task.TaskSpec;
import java.time.Duration;
import java.util.UUID;
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

    ExecutionBookkeeping(ExecutionRepository executions, TaskService tasks, SessionService sessions,
            ExecutionLinks links, ApplicationEventPublisher events) {
        this.executions = executions;
        this.tasks = tasks;
        this.sessions = sessions;
        this.links = links;
        this.events = events;
    }

    /** What one attempt needs to run. */
    record Attempt(UUID userId, String prompt, int timeoutSeconds) {
    }

    @Transactional
    UUID prepare(UUID executionId) {
        TaskExecution execution = lock(executionId);
        if (execution.sessionId() == null) {
            TaskSpec spec = tasks.spec(execution.taskId(), execution.userId());
            String title = "Task '" + spec.name() + "', execution " + executionId;
            execution.attachSession(sessions.create(execution.userId(), spec.sessionSettings(title),
                    spec.workingDirectory()).id());
        }
        return execution.sessionId();
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
        int timeout = tasks.spec(execution.taskId(), execution.userId()).timeoutSeconds();
        return new Attempt(execution.userId(), execution.prompt(), timeout);
    }

    @Transactional
    void completed(UUID executionId, TurnSummary summary) {
        TaskExecution execution = lock(executionId);
        if (execution.complete(summary.response(), spend(execution), summary.durationMs())) {
            finished(execution);
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
        if (execution.fail(status, errorType, message, detail, spend(execution))) {
            finished(execution);
        }
    }

    /** Every attempt's turn cost something, failed ones too: the execution reports them all. */
    private TurnSpend spend(TaskExecution execution) {
        return execution.sessionId() == null ? TurnSpend.NONE : sessions.spend(execution.sessionId());
    }

    private void finished(TaskExecution execution) {
        Duration runTime = execution.startedAt() == null ? null
                : Duration.between(execution.startedAt(), execution.completedAt());
        events.publishEvent(new ExecutionFinished(execution.id(), execution.status(), execution.triggerType(), runTime,
                execution.userId(), links.view(execution, null)));
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

    @Transactional
    void restarted(UUID executionId, String runId) {
        lock(executionId).restarted(runId);
    }

    private TaskExecution lock(UUID executionId) {
        return executions.lock(executionId).orElseThrow(() -> TemporalFailures.of(FailureType.NOT_FOUND,
                "Execution " + executionId + " no longer exists (its task was deleted)"));
    }
}
