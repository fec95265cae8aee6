package dev.baton.webhook;

import dev.baton.approval.ApprovalRequested;
import dev.baton.execution.ExecutionFinished;
import dev.baton.execution.ExecutionStarted;
import dev.baton.execution.ExecutionView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.ObjectMapper;

/**
 * Records events for delivery. An execution's events are written in the transaction that records the execution's
 * change (its events are published inside it), so the change and its events commit together or not at all; the
 * delivery workflows start only after that commit (see {@link DeliveryDispatcher}).
 */
@Component
class WebhookOutbox {

    private final WebhookRepository webhooks;
    private final DeliveryRepository deliveries;
    private final ObjectMapper json;
    private final ApplicationEventPublisher events;

    WebhookOutbox(WebhookRepository webhooks, DeliveryRepository deliveries, ObjectMapper json,
            ApplicationEventPublisher events) {
        this.webhooks = webhooks;
        this.deliveries = deliveries;
        this.json = json;
        this.events = events;
    }

    /** The body every delivery sends: the event, with {@code data} as the API shows the thing it is about. */
    record Envelope(String id, WebhookEventType type, Instant createdAt, Object data) {
    }

    /** Published once deliveries are recorded; they are started after the transaction commits. */
    record Recorded(List<DeliveryDispatch> deliveries) {
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void executionStarted(ExecutionStarted event) {
        record(event.userId(), WebhookEventType.EXECUTION_STARTED, event.execution());
    }

    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void executionFinished(ExecutionFinished event) {
        record(event.userId(), WebhookEventType.finished(event.status()), event.execution());
    }

    /** A tool call waits for a person: sent to the owner's webhooks that are not limited to one task. */
    @EventListener
    @Transactional(propagation = Propagation.MANDATORY)
    void approvalRequested(ApprovalRequested event) {
        List<Webhook> targets = webhooks.findByUserIdAndEnabledTrue(event.userId()).stream()
                .filter(w -> w.wants(WebhookEventType.APPROVAL_REQUESTED, null)).toList();
        if (!targets.isEmpty()) {
            save(targets, WebhookEventType.APPROVAL_REQUESTED, event.approval().executionId(), event.approval());
        }
    }

    private void record(UUID userId, WebhookEventType type, ExecutionView execution) {
        List<Webhook> targets = webhooks.findByUserIdAndEnabledTrue(userId).stream()
                .filter(w -> w.wants(type, execution.taskId())).toList();
        if (!targets.isEmpty()) {
            save(targets, type, execution.id(), execution);
        }
    }

    /** A {@code webhook.test} event for one webhook. */
    @Transactional(propagation = Propagation.MANDATORY)
    WebhookDelivery test(Webhook webhook) {
        return save(List.of(webhook), WebhookEventType.TEST, null, Map.of("webhookId", webhook.id(),
                "message", "A test event from Baton: the signature verifies with this webhook's secret.")).getFirst();
    }

    private List<WebhookDelivery> save(List<Webhook> targets, WebhookEventType type, UUID executionId, Object data) {
        Instant now = Webhook.now();
        String eventId = "evt_" + UUID.randomUUID().toString().replace("-", "");
        String body = json.writeValueAsString(new Envelope(eventId, type, now, data));
        List<WebhookDelivery> saved = deliveries.saveAll(targets.stream()
                .map(w -> new WebhookDelivery(w.id(), eventId, type, executionId, body, now)).toList());
        events.publishEvent(new Recorded(saved.stream().map(DeliveryDispatch::of).toList()));
        return saved;
    }
}
