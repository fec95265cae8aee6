package dev.baton.execution;

import dev.baton.task.TaskSpec;
import dev.baton.task.TaskService;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Finds executions left queued or running whose workflow Temporal does not know, and starts them again: the
 * same execution, a new run. The embedded Temporal server keeps its state in memory, so after a restart this is
 * what keeps an execution from staying "running" forever.
 */
@Component
class ExecutionRecovery {

    private static final Logger log = LoggerFactory.getLogger(ExecutionRecovery.class);

    private final ExecutionRepository executions;
    private final ExecutionBookkeeping bookkeeping;
    private final TaskService tasks;
    private final WorkflowStarter starter;
    private final WorkflowClient client;

    ExecutionRecovery(ExecutionRepository executions, ExecutionBookkeeping bookkeeping, TaskService tasks,
            WorkflowStarter starter, WorkflowClient client) {
        this.executions = executions;
        this.bookkeeping = bookkeeping;
        this.tasks = tasks;
        this.starter = starter;
        this.client = client;
    }

    // One node is enough and any api node will do: a workflow id admits one run, so two nodes recovering at once
    // start it once. Worker nodes skip it, so scaling workers adds no startup load on the database and Temporal.
    @EventListener(value = ApplicationReadyEvent.class, condition = "@nodeRoles.api()")
    void onStartup() {
        int restarted = recoverLost();
        if (restarted > 0) {
            log.info("Restarted {} execution(s) whose workflow Temporal no longer knew", restarted);
        }
    }

    /** @return how many executions got a new run */
    int recoverLost() {
        int restarted = 0;
        for (TaskExecution execution : executions.findByStatusIn(ExecutionService.unfinished())) {
            if (!lost(execution)) {
                continue;
            }
            try {
                TaskSpec spec = tasks.spec(execution.taskId(), execution.userId());
                bookkeeping.restarted(execution.id(), starter.start(execution, spec));
                restarted++;
            } catch (WorkflowExecutionAlreadyStarted another) {
                // Another node recovered it first.
            } catch (RuntimeException e) {
                log.warn("Could not restart execution {}: {}", execution.id(), e.toString());
                bookkeeping.ended(execution.id(), ExecutionStatus.FAILED, "recovery_failed",
                        "Its workflow was lost and could not be started again: " + e.getMessage());
            }
        }
        return restarted;
    }

    private boolean lost(TaskExecution execution) {
        var request = DescribeWorkflowExecutionRequest.newBuilder()
                .setNamespace(client.getOptions().getNamespace())
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(execution.workflowId()))
                .build();
        try {
            client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(request);
            return false;
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode() == Status.Code.NOT_FOUND;
        }
    }
}
