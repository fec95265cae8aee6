package dev.baton.webhook;

import io.temporal.activity.Activity;
import io.temporal.activity.ActivityInfo;
import io.temporal.failure.ApplicationErrorCategory;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;

/** The delivery activities, as a Spring bean registered on the task queue's worker. */
@Component("webhookDeliveryActivities")
class DeliveryActivitiesImpl implements DeliveryActivities {

    private static final Logger log = LoggerFactory.getLogger(DeliveryActivitiesImpl.class);

    /** The one failure type a delivery workflow sees retried; its delay is the next attempt's. */
    static final String RETRYABLE = "delivery_attempt_failed";

    private final DeliveryBookkeeping bookkeeping;
    private final WebhookSender sender;
    private final WebhookProperties properties;
    private final ApplicationEventPublisher events;

    DeliveryActivitiesImpl(DeliveryBookkeeping bookkeeping, WebhookSender sender, WebhookProperties properties,
            ApplicationEventPublisher events) {
        this.bookkeeping = bookkeeping;
        this.sender = sender;
        this.properties = properties;
        this.events = events;
    }

    @Override
    public Turn turn(UUID deliveryId) {
        return bookkeeping.turn(deliveryId);
    }

    @Override
    public void attempt(UUID deliveryId) {
        ActivityInfo info = Activity.getExecutionContext().getInfo();
        Optional<DeliveryBookkeeping.Send> send;
        try {
            send = bookkeeping.prepare(deliveryId);
        } catch (SecretCipher.CannotOpen e) {
            // A node set up with another encryption key: another node, or this one fixed, may sign it later.
            log.warn("Cannot sign delivery {}: {}", deliveryId, e.getMessage());
            retryOrGiveUp(deliveryId, WebhookSender.Result.unsent("cannot sign: " + e.getMessage()), info);
            return;
        }
        if (send.isEmpty()) {
            return;
        }
        WebhookSender.Result result = sender.send(send.get(), Instant.now());
        switch (result.verdict()) {
            case DELIVERED -> {
                bookkeeping.delivered(deliveryId, result.attempt());
                attempted(DeliveryAttempted.Outcome.DELIVERED, result);
            }
            case FAIL -> {
                bookkeeping.failed(deliveryId, result.attempt());
                attempted(DeliveryAttempted.Outcome.FAILED, result);
            }
            case RETRY -> retryOrGiveUp(deliveryId, result, info);
        }
    }

    /** Records the failed attempt and throws for Temporal to retry after the delay; or ends it when out of time. */
    private void retryOrGiveUp(UUID deliveryId, WebhookSender.Result result, ActivityInfo info) {
        Duration delay = result.retryAfter() != null
                ? max(result.retryAfter(), Duration.ofSeconds(1))
                : backoff(info.getAttempt());
        Instant next = Instant.now().plus(delay);
        Instant deadline = Instant.ofEpochMilli(info.getScheduledTimestamp()).plus(properties.retry().giveUpAfter());
        if (next.isAfter(deadline)) {
            var attempt = result.attempt();
            bookkeeping.failed(deliveryId, new WebhookDelivery.Attempt(attempt.httpStatus(), attempt.error()
                    + "; gave up after retrying for " + properties.retry().giveUpAfter(), attempt.response(),
                    attempt.latencyMs()));
            attempted(DeliveryAttempted.Outcome.FAILED, result);
            return;
        }
        bookkeeping.retrying(deliveryId, result.attempt(), next);
        attempted(DeliveryAttempted.Outcome.RETRYING, result);
        // Benign: a receiver that is down is expected, and shows in the delivery; the SDK logs it at debug only.
        throw ApplicationFailure.newBuilder().setMessage(result.error()).setType(RETRYABLE).setNextRetryDelay(delay)
                .setCategory(ApplicationErrorCategory.BENIGN).build();
    }

    /** {@code initialInterval} doubling per attempt, up to {@code maximumInterval}. */
    Duration backoff(int attempt) {
        var retry = properties.retry();
        Duration delay = retry.initialInterval();
        for (int i = 1; i < attempt && delay.compareTo(retry.maximumInterval()) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(retry.maximumInterval()) > 0 ? retry.maximumInterval() : delay;
    }

    @Override
    public void giveUp(UUID deliveryId, String reason) {
        if (bookkeeping.gaveUp(deliveryId, reason)) {
            events.publishEvent(new DeliveryAttempted(DeliveryAttempted.Outcome.FAILED, null));
        }
    }

    private void attempted(DeliveryAttempted.Outcome outcome, WebhookSender.Result result) {
        events.publishEvent(new DeliveryAttempted(outcome, result.latency()));
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
