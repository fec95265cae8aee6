package dev.baton.execution;

import dev.baton.task.TaskSpec;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Starts an execution's workflow; used for the first run and for a run restarted after a lost server. */
@Component
class WorkflowStarter {

    private final WorkflowClient client;
    private final WorkflowProperties properties;

    WorkflowStarter(WorkflowClient client, WorkflowProperties properties) {
        this.client = client;
        this.properties = properties;
    }

    /** @return the new run's id */
    String start(TaskExecution execution, TaskSpec spec) {
        WorkflowOptions options = WorkflowOptions.newBuilder()
                .setWorkflowId(execution.workflowId())
                .setTaskQueue(properties.taskQueue())
                // A run may be started again only for an execution whose previous run failed or was lost.
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE_FAILED_ONLY)
                // The memo links a workflow in the Temporal Web UI back to Baton's task, user and trigger.
                .setMemo(Map.of(
                        "executionId", execution.id().toString(),
                        "taskId", execution.taskId().toString(),
                        "taskName", spec.name(),
                        "userId", execution.userId().toString(),
                        "triggerType", execution.triggerType().jsonValue()))
                // A node with a worker takes the first workflow task from the start's answer, not by polling for it.
                .setDisableEagerExecution(false)
                .build();
        TaskExecutionWorkflow workflow = client.newWorkflowStub(TaskExecutionWorkflow.class, options);
        return WorkflowClient.start(workflow::run, input(execution, spec)).getRunId();
    }

    ExecutionInput input(TaskExecution execution, TaskSpec spec) {
        var retry = spec.retry();
        return new ExecutionInput(execution.id(), execution.taskId(), execution.userId(),
                execution.triggerType().jsonValue(), spec.timeoutSeconds(), retry.maxAttempts(),
                retry.initialIntervalSeconds(), retry.backoffCoefficient(), retry.maximumIntervalSeconds(),
                (int) properties.heartbeatTimeout().toSeconds(), (int) properties.bookkeepingTimeout().toSeconds());
    }
}
