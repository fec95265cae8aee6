package dev.baton.execution;

import dev.baton.approval.ApprovalDecided;
import io.temporal.client.WorkflowClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Tells an execution's workflow that the request it waits on was decided. A signal that finds no workflow (its
 * server lost it) is no loss: the run that recovery starts finds the decision in PostgreSQL.
 */
@Component
class ApprovalSignals {

    private static final Logger log = LoggerFactory.getLogger(ApprovalSignals.class);

    private final WorkflowClient client;

    ApprovalSignals(WorkflowClient client) {
        this.client = client;
    }

    @EventListener
    void decided(ApprovalDecided event) {
        if (event.approval().executionId() == null) {
            return;
        }
        try {
            client.newWorkflowStub(TaskExecutionWorkflow.class,
                    TaskExecution.workflowIdFor(event.approval().executionId())).approvalDecided(event.approval().id());
        } catch (RuntimeException e) {
            log.info("Could not signal execution {} about approval {} ({}); its next run finds the decision",
                    event.approval().executionId(), event.approval().id(), e.toString());
        }
    }
}
