package dev.baton.webhook;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * A delivery's rows in PostgreSQL, changed under the row lock and only as {@link WebhookDelivery} allows, and its
 * webhook's count of failed events.
 */
@Component
class DeliveryBookkeeping {

    private static final Logger log = LoggerFactory.getLogger(DeliveryBookkeeping.class);

    private final DeliveryRepository deliveries;
    private final WebhookRepository webhooks;
    private final SecretCipher cipher;
    private final WebhookProperties properties;

    DeliveryBookkeeping(DeliveryRepository deliveries, WebhookRepository webhooks, SecretCipher cipher,
            WebhookProperties properties) {
        this.deliveries = deliveries;
        this.webhooks = webhooks;
        this.cipher = cipher;
        this.properties = properties;
    }

    /** Everything one attempt sends. Lives only inside the attempt's activity: it holds the plain secrets. */
    record Send(URI url, String eventId, String body, List<String> secrets) {

        @Override
        public String toString() {
            return "Send[url=" + url + ", eventId=" + eventId + ", secrets=" + secrets.size() + " (hidden)]";
        }
    }

    @Transactional(readOnly = true)
    DeliveryActivities.Turn turn(UUID deliveryId) {
        Optional<WebhookDelivery> delivery = deliveries.findById(deliveryId);
        if (delivery.isEmpty() || delivery.get().status() != DeliveryStatus.PENDING) {
            return DeliveryActivities.Turn.DONE;
        }
        if (delivery.get().executionId() != null
                && deliveries.hasPendingPredecessor(deliveryId, DeliveryStatus.PENDING)) {
            return DeliveryActivities.Turn.WAIT;
        }
        return DeliveryActivities.Turn.SEND;
    }

    /**
     * What to send, or nothing when the delivery is no longer pending or its webhook is gone. A delivery of a
     * disabled webhook ends here, unsent: disabling is how a user stops the calls to a receiver.
     */
    @Transactional
    Optional<Send> prepare(UUID deliveryId) {
        Optional<WebhookDelivery> found = deliveries.lock(deliveryId);
        if (found.isEmpty() || found.get().status() != DeliveryStatus.PENDING) {
            return Optional.empty();
        }
        WebhookDelivery delivery = found.get();
        Optional<Webhook> webhook = webhooks.findById(delivery.webhookId());
        if (webhook.isEmpty()) {
            return Optional.empty();
        }
        Webhook w = webhook.get();
        if (!w.enabled()) {
            delivery.abandoned("not sent: the webhook is disabled");
            return Optional.empty();
        }
        return Optional.of(new Send(URI.create(w.url()), delivery.eventId(), delivery.body(), secrets(w)));
    }

    /**
     * The plain secrets to sign with: the current one, which must open, and the one before a rotation while it
     * lasts, left out if it does not (a rotation is also how a secret sealed under a lost key is replaced).
     */
    private List<String> secrets(Webhook webhook) {
        List<String> sealed = webhook.signingSecrets(Instant.now());
        List<String> plain = new ArrayList<>(List.of(cipher.open(webhook.id(), sealed.getFirst())));
        for (String previous : sealed.subList(1, sealed.size())) {
            try {
                plain.add(cipher.open(webhook.id(), previous));
            } catch (SecretCipher.CannotOpen e) {
                log.warn("Signing without the previous secret of webhook {}: {}", webhook.id(), e.getMessage());
            }
        }
        return plain;
    }

    @Transactional
    void retrying(UUID deliveryId, WebhookDelivery.Attempt attempt, Instant nextRetry) {
        deliveries.lock(deliveryId).ifPresent(d -> d.retrying(attempt, nextRetry));
    }

    @Transactional
    void delivered(UUID deliveryId, WebhookDelivery.Attempt attempt) {
        locked(deliveryId).filter(l -> l.delivery().delivered(attempt))
                .ifPresent(l -> l.webhook().eventDelivered());
    }

    @Transactional
    void failed(UUID deliveryId, WebhookDelivery.Attempt attempt) {
        locked(deliveryId).filter(l -> l.delivery().failed(attempt)).ifPresent(DeliveryBookkeeping::countFailure);
    }

    /** @return whether this ended the delivery */
    @Transactional
    boolean gaveUp(UUID deliveryId, String reason) {
        Optional<Locked> ended = locked(deliveryId).filter(l -> l.delivery().abandoned(reason));
        ended.ifPresent(DeliveryBookkeeping::countFailure);
        return ended.isPresent();
    }

    private record Locked(Webhook webhook, WebhookDelivery delivery, int failureLimit) {
    }

    /**
     * The webhook's row lock, then the delivery's: the order in which deleting a webhook takes them (its deliveries
     * go by cascade), so the two never wait for each other.
     */
    private Optional<Locked> locked(UUID deliveryId) {
        return deliveries.webhookOf(deliveryId).flatMap(webhooks::lock).flatMap(webhook ->
                deliveries.lock(deliveryId).map(d -> new Locked(webhook, d, properties.disableAfterFailures())));
    }

    private static void countFailure(Locked locked) {
        WebhookDelivery delivery = locked.delivery();
        Webhook webhook = locked.webhook();
        String reason = "disabled after " + locked.failureLimit() + " failed events in a row; the last was "
                + delivery.eventType().jsonValue() + " " + delivery.eventId() + " (delivery " + delivery.id() + "): "
                + delivery.lastError();
        if (webhook.eventFailed(locked.failureLimit(), reason)) {
            log.warn("Webhook {} of user {} is now disabled: {}", webhook.id(), webhook.userId(), reason);
        }
    }
}
