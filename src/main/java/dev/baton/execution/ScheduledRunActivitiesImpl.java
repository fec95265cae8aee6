package dev.baton.execution;

import dev.baton.web.InvalidFieldException;
import dev.baton.web.NotFoundException;
import io.temporal.failure.ApplicationFailure;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

@Component("scheduledRunActivities")
class ScheduledRunActivitiesImpl implements ScheduledRunActivities {

    private final ExecutionService executions;
    private final ExecutionRepository repository;

    ScheduledRunActivitiesImpl(ExecutionService executions, ExecutionRepository repository) {
        this.executions = executions;
        this.repository = repository;
    }

    @Override
    public ExecutionInput createExecution(UUID taskId, UUID userId, Map<String, String> variables, String runKey) {
        try {
            return executions.createScheduled(taskId, userId, variables, runKey);
        } catch (NotFoundException e) {
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "not_found");
        } catch (InvalidFieldException e) {
            throw ApplicationFailure.newNonRetryableFailure(e.getMessage(), "invalid_variables");
        }
    }

    @Override
    public void started(UUID executionId, String runId) {
        repository.recordRunId(executionId, runId);
    }
}
