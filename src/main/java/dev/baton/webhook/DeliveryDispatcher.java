package dev.baton.webhook;

import dev.baton.execution.WorkflowProperties;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Starts delivery workflows: after the transaction that recorded the events commits, and again for deliveries whose
 * workflow was lost or never started (see {@link DeliveryRecovery}). The workflow id comes from the delivery id; a
 * start while a run is open joins that run, and a start after it closed makes a new one, which finds the delivery
 * finished and sends nothing. So starting the same delivery twice is harmless.
 */
@Component
class DeliveryDispatcher {

    private static final Logger log = LoggerFactory.getLogger(DeliveryDispatcher.class);
    private final WorkflowClient client;
    private final WorkflowProperties workflows;
    private final WebhookProperties properties;
    private final DeliveryRepository deliveries;

    DeliveryDispatcher(WorkflowClient client, WorkflowProperties workflows, WebhookProperties properties,
            DeliveryRepository deliveries) {
        this.client = client;
        this.workflows = workflows;
        this.properties = properties;
        this.deliveries = deliveries;
    }

    static String workflowId(UUID deliveryId) {
        return "webhook-delivery-" + deliveryId;
    }

    @TransactionalEventListener(fallbackExecution = true)
    void recorded(WebhookOutbox.Recorded recorded) {
        startAll(recorded.deliveries());
    }

    /** @return how many were started (or were running already) */
    int startAll(Collection<DeliveryDispatch> dispatches) {
        int started = 0;
        for (DeliveryDispatch dispatch : dispatches) {
            if (start(dispatch)) {
                started++;
            }
        }
        return started;
    }

    /** @return false when Temporal could not be asked; the delivery stays pending for the recovery to start */
    boolean start(DeliveryDispatch dispatch) {
        var retry = properties.retry();
        WorkflowOptions options = WorkflowOptions.newBuilder()
                .setWorkflowId(workflowId(dispatch.deliveryId()))
                .setTaskQueue(workflows.taskQueue())
                .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .setMemo(Map.of("deliveryId", dispatch.deliveryId().toString(),
                        "webhookId", dispatch.webhookId().toString(),
                        "eventId", dispatch.eventId(),
                        "eventType", dispatch.eventType()))
                .build();
        int attemptTimeout = (int) properties.requestTimeout().plusSeconds(20).toSeconds();
        var input = new DeliveryInput(dispatch.deliveryId(), seconds(retry.initialInterval()),
                seconds(retry.maximumInterval()), retry.giveUpAfter().toSeconds(), attemptTimeout);
        try {
            WorkflowClient.start(client.newWorkflowStub(WebhookDeliveryWorkflow.class, options)::deliver, input);
        } catch (WorkflowExecutionAlreadyStarted running) {
            // A server without the conflict policy: the run that is open delivers it.
        } catch (RuntimeException e) {
            log.warn("Could not start the delivery {} of event {}; a worker node tries again within {}: {}",
                    dispatch.deliveryId(), dispatch.eventId(), properties.recoveryInterval(), e.toString());
            // Marked as never started, so the recovery's next round finds it (a restart may have lost a run).
            markDispatched(dispatch, null);
            return false;
        }
        markDispatched(dispatch, Instant.now());
        return true;
    }

    private void markDispatched(DeliveryDispatch dispatch, Instant at) {
        try {
            deliveries.markDispatched(dispatch.deliveryId(), at);
        } catch (RuntimeException e) {
            // The start itself is what matters; without the mark the recovery may start it again, harmlessly.
            log.warn("Could not record the start of delivery {}: {}", dispatch.deliveryId(), e.toString());
        }
    }

    private static int seconds(Duration duration) {
        return (int) Math.max(1, duration.toSeconds());
    }
}
