package dev.baton.execution;

import dev.baton.claude.FailureType;
import dev.baton.web.InvalidFieldException;
import dev.baton.web.NotFoundException;
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
            throw TemporalFailures.of(FailureType.NOT_FOUND, e.getMessage());
        } catch (InvalidFieldException e) {
            throw TemporalFailures.of(FailureType.INVALID_VARIABLES, e.getMessage());
        }
    }

    @Override
    public void started(UUID executionId, String runId) {
        repository.recordRunId(executionId, runId);
    }
}
