package dev.baton.execution;

import io.temporal.activity.ActivityInterface;
import java.util.Map;
import java.util.UUID;

@ActivityInterface
public interface ScheduledRunActivities {

    /**
     * Records a queued execution with trigger {@code scheduled}; calling again with the same {@code runKey} returns
     * the same execution.
     */
    ExecutionInput createExecution(UUID taskId, UUID userId, Map<String, String> variables, String runKey);

    /** Notes the run id of the execution's workflow, so cancel and history find it. */
    void started(UUID executionId, String runId);
}
