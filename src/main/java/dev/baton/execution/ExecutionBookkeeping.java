package dev.baton.execution;

import dev.baton.session.SessionService;
import dev.baton.task.TaskService;
import dev.baton.task.TaskSpec;
import io.temporal.failure.ApplicationFailure;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The execution's rows in PostgreSQL, changed only under the row lock and only in ways the entity allows. */
@Component
class ExecutionBookkeeping {

    private final ExecutionRepository executions;
    private final TaskService tasks;
    private final SessionService sessions;

    ExecutionBookkeeping(ExecutionRepository executions, TaskService tasks, SessionService sessions) {
        this.executions = executions;
        this.tasks = tasks;
        this.sessions = sessions;
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
        if (!execution.start(attempt)) {
            throw ApplicationFailure.newNonRetryableFailure(
                    "Execution " + executionId + " already ended as " + execution.status().jsonValue(), "execution_ended");
        }
        int timeout = tasks.spec(execution.taskId(), execution.userId()).timeoutSeconds();
        return new Attempt(execution.userId(), execution.prompt(), timeout);
    }

    @Transactional
    void completed(UUID executionId, TurnSummary summary) {
        lock(executionId).complete(summary.response(), summary.costUsd(), summary.usageJson(), summary.durationMs());
    }

    @Transactional
    void ended(UUID executionId, ExecutionStatus status, String errorType, String message) {
        lock(executionId).fail(status, errorType, message);
    }

    @Transactional
    void restarted(UUID executionId, String runId) {
        lock(executionId).restarted(runId);
    }

    private TaskExecution lock(UUID executionId) {
        return executions.lock(executionId).orElseThrow(() -> ApplicationFailure.newNonRetryableFailure(
                "Execution " + executionId + " no longer exists (its task was deleted)", "not_found"));
    }
}
