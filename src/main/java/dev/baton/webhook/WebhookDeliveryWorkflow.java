package dev.baton.webhook;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * Delivers one event to one webhook: waits until earlier events of the same execution have reached it (or failed),
 * then makes HTTP attempts, retried with back-off, until one is answered with 2xx, one fails for good, or the retry
 * time runs out. Workflow id {@code webhook-delivery-<deliveryId>}.
 */
@WorkflowInterface
public interface WebhookDeliveryWorkflow {

    @WorkflowMethod
    void deliver(DeliveryInput input);
}
