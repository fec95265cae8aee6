package dev.baton.execution;

import dev.baton.task.TaskService;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** Tells the task feature whether a task still has executions in flight, so it is not deleted under them. */
@Component
class UnfinishedTaskExecutions implements TaskService.UnfinishedExecutions {

    private final ExecutionRepository executions;

    UnfinishedTaskExecutions(ExecutionRepository executions) {
        this.executions = executions;
    }

    @Override
    public boolean exist(UUID taskId) {
        return executions.existsByTaskIdAndStatusIn(taskId, ExecutionService.unfinished());
    }
}
