package dev.baton.webhook;

import java.time.Instant;
import java.util.UUID;

/**
 * One event's delivery to a webhook. {@code lastHttpStatus} and {@code lastError} describe the latest attempt
 * ({@code lastError} is null after a 2xx), {@code lastResponse} holds the first 1 KB of its answer, and
 * {@code nextRetryAt} is set while a failed attempt waits to be tried again.
 */
record DeliveryView(UUID id, UUID webhookId, String eventId, WebhookEventType eventType, UUID executionId,
        DeliveryStatus status, int attempts, Integer lastHttpStatus, String lastError, String lastResponse,
        Long latencyMs, Instant nextRetryAt, Instant createdAt, Instant finishedAt) {

    static DeliveryView of(WebhookDelivery d) {
        return new DeliveryView(d.id(), d.webhookId(), d.eventId(), d.eventType(), d.executionId(), d.status(),
                d.attempts(), d.lastHttpStatus(), d.lastError(), d.lastResponse(), d.latencyMs(), d.nextRetryAt(),
                d.createdAt(), d.finishedAt());
    }
}
