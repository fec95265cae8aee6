package dev.baton.webhook;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A webhook as the API shows it, without its secret. {@code disabledReason} says why it stopped: after too many
 * failed events, or by request.
 */
record WebhookView(UUID id, UUID userId, String url, List<WebhookEventType> events, UUID taskId,
        String description, boolean enabled, String disabledReason, Instant disabledAt, int consecutiveFailures,
        Instant previousSecretExpiresAt, Instant createdAt, Instant updatedAt) {

    static WebhookView of(Webhook w) {
        Instant previous = w.previousSecretExpiresAt() != null && w.previousSecretExpiresAt().isAfter(Instant.now())
                ? w.previousSecretExpiresAt() : null;
        return new WebhookView(w.id(), w.userId(), w.url(), w.events(), w.taskId(), w.description(), w.enabled(),
                w.disabledReason(), w.disabledAt(), w.consecutiveFailures(), previous, w.createdAt(), w.updatedAt());
    }
}
