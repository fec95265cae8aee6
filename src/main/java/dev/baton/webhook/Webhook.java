package dev.baton.webhook;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;

/**
 * Where a user's events go. It keeps its own failure count and disables itself after too many failed events in
 * a row; its secrets are held sealed (see {@link SecretCipher}) and never leave it in plain form.
 */
@Entity
@Table(name = "webhooks")
@DynamicUpdate
class Webhook {

    @Id
    private UUID id;

    @Column(nullable = false)
    private UUID userId;

    @Column(nullable = false)
    private String url;

    @Column(nullable = false, columnDefinition = "text[]")
    private String[] events;

    private UUID taskId;
    private String description;

    @Column(nullable = false)
    private boolean enabled;

    @Column(nullable = false)
    private String secret;

    private String previousSecret;
    private Instant previousSecretExpiresAt;

    @Column(nullable = false)
    private int consecutiveFailures;

    private String disabledReason;
    private Instant disabledAt;

    @Column(nullable = false)
    private Instant createdAt;

    @Column(nullable = false)
    private Instant updatedAt;

    protected Webhook() {
    }

    Webhook(UUID id, UUID userId, String url, Collection<WebhookEventType> events, UUID taskId, String description,
            String sealedSecret) {
        this.id = id;
        this.userId = userId;
        this.url = url;
        this.events = names(events);
        this.taskId = taskId;
        this.description = description;
        this.enabled = true;
        this.secret = sealedSecret;
        this.createdAt = now();
        this.updatedAt = createdAt;
    }

    boolean wants(WebhookEventType type, UUID eventTaskId) {
        return enabled && Arrays.asList(events).contains(type.jsonValue())
                && (taskId == null || taskId.equals(eventTaskId));
    }

    void changeUrl(String newUrl) {
        url = newUrl;
        touch();
    }

    void changeEvents(Collection<WebhookEventType> newEvents) {
        events = names(newEvents);
        touch();
    }

    void describe(String newDescription) {
        description = newDescription;
        touch();
    }

    /** Enabling starts the failure count afresh and forgets why it was disabled. */
    void enable() {
        if (!enabled) {
            enabled = true;
            consecutiveFailures = 0;
            disabledReason = null;
            disabledAt = null;
            touch();
        }
    }

    void disable(String reason) {
        if (enabled) {
            enabled = false;
            disabledReason = reason;
            disabledAt = now();
            touch();
        }
    }

    /** The new secret signs from now on; the current one goes on signing beside it for {@code overlap}. */
    void rotate(String sealedSecret, Duration overlap) {
        previousSecret = secret;
        previousSecretExpiresAt = now().plus(overlap);
        secret = sealedSecret;
        touch();
    }

    /** The sealed secrets that sign a delivery made at {@code now}: the current one first. */
    List<String> signingSecrets(Instant now) {
        List<String> secrets = new ArrayList<>(List.of(secret));
        if (previousSecret != null && previousSecretExpiresAt.isAfter(now)) {
            secrets.add(previousSecret);
        }
        return secrets;
    }

    void eventDelivered() {
        consecutiveFailures = 0;
    }

    /** @return true when this failure disabled the webhook */
    boolean eventFailed(int limit, String reason) {
        consecutiveFailures++;
        if (enabled && consecutiveFailures >= limit) {
            disable(reason);
            return true;
        }
        return false;
    }

    /** PostgreSQL keeps microseconds: an answer given before the row is read back shows the times it will keep. */
    static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    private void touch() {
        updatedAt = now();
    }

    private static String[] names(Collection<WebhookEventType> types) {
        return types.stream().map(WebhookEventType::jsonValue).distinct().toArray(String[]::new);
    }

    UUID id() { return id; }
    UUID userId() { return userId; }
    String url() { return url; }
    List<WebhookEventType> events() { return Arrays.stream(events).map(WebhookEventType::of).toList(); }
    UUID taskId() { return taskId; }
    String description() { return description; }
    boolean enabled() { return enabled; }
    Instant previousSecretExpiresAt() { return previousSecretExpiresAt; }
    int consecutiveFailures() { return consecutiveFailures; }
    String disabledReason() { return disabledReason; }
    Instant disabledAt() { return disabledAt; }
    Instant createdAt() { return createdAt; }
    Instant updatedAt() { return updatedAt; }
}
