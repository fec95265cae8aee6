package dev.baton.webhook;

import dev.baton.NewUntilStored;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;

/**
 * One event on its way to one webhook: the outbox row. It holds the body exactly as it is sent, and moves only
 * from {@code pending} to {@code delivered} or {@code failed}; recording an outcome twice (a retried activity)
 * changes nothing the second time.
 */
@Entity
@Table(name = "webhook_deliveries")
@DynamicUpdate
class WebhookDelivery extends NewUntilStored {

    /** The part of a receiver's answer that is kept. */
    static final int RESPONSE_BYTES = 1024;

    @Id
    private UUID id;

    @Column(nullable = false)
    private UUID webhookId;

    @Column(insertable = false, updatable = false)
    private Long sequence;

    @Column(nullable = false)
    private String eventId;

    @Column(nullable = false)
    private String eventType;

    private UUID executionId;

    @Column(nullable = false)
    private String body;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private DeliveryStatus status;

    @Column(nullable = false)
    private int attempts;

    private Integer lastHttpStatus;
    private String lastError;
    private String lastResponse;
    private Long latencyMs;
    private Instant nextRetryAt;
    private Instant dispatchedAt;

    @Column(nullable = false)
    private Instant createdAt;

    private Instant finishedAt;

    protected WebhookDelivery() {
    }

    WebhookDelivery(UUID webhookId, String eventId, WebhookEventType type, UUID executionId, String body,
            Instant createdAt) {
        this.id = UUID.randomUUID();
        this.webhookId = webhookId;
        this.eventId = eventId;
        this.eventType = type.jsonValue();
        this.executionId = executionId;
        this.body = body;
        this.status = DeliveryStatus.PENDING;
        this.createdAt = createdAt;
    }

    /**
     * What one attempt ended with; {@code httpStatus} is null when no answer came, {@code latencyMs} when no request
     * was made.
     */
    record Attempt(Integer httpStatus, String error, String response, Long latencyMs) {
    }

    /** An attempt failed and another follows at {@code nextRetry}. */
    boolean retrying(Attempt attempt, Instant nextRetry) {
        if (!record(attempt)) {
            return false;
        }
        nextRetryAt = nextRetry;
        return true;
    }

    boolean delivered(Attempt attempt) {
        return record(attempt) && finish(DeliveryStatus.DELIVERED);
    }

    /** The last attempt failed and no other follows. */
    boolean failed(Attempt attempt) {
        return record(attempt) && finish(DeliveryStatus.FAILED);
    }

    /** Ends the delivery without an attempt, e.g. when its webhook was disabled. */
    boolean abandoned(String reason) {
        if (status != DeliveryStatus.PENDING) {
            return false;
        }
        lastError = reason;
        return finish(DeliveryStatus.FAILED);
    }

    /** Sends a finished delivery again, with the same event id and body. */
    boolean redeliver() {
        if (status == DeliveryStatus.PENDING) {
            return false;
        }
        status = DeliveryStatus.PENDING;
        finishedAt = null;
        nextRetryAt = null;
        dispatchedAt = null;
        return true;
    }

    void dispatched(Instant at) {
        dispatchedAt = at;
    }

    private boolean record(Attempt attempt) {
        if (status != DeliveryStatus.PENDING) {
            return false;
        }
        attempts++;
        lastHttpStatus = attempt.httpStatus();
        lastError = attempt.error();
        lastResponse = attempt.response();
        latencyMs = attempt.latencyMs();
        return true;
    }

    private boolean finish(DeliveryStatus terminal) {
        status = terminal;
        nextRetryAt = null;
        finishedAt = Webhook.now();
        return true;
    }

    @Override
    public UUID getId() {
        return id;
    }

    UUID id() { return id; }
    UUID webhookId() { return webhookId; }
    String eventId() { return eventId; }
    WebhookEventType eventType() { return WebhookEventType.of(eventType); }
    UUID executionId() { return executionId; }
    String body() { return body; }
    DeliveryStatus status() { return status; }
    int attempts() { return attempts; }
    Integer lastHttpStatus() { return lastHttpStatus; }
    String lastError() { return lastError; }
    String lastResponse() { return lastResponse; }
    Long latencyMs() { return latencyMs; }
    Instant nextRetryAt() { return nextRetryAt; }
    Instant createdAt() { return createdAt; }
    Instant finishedAt() { return finishedAt; }
}
