package dev.baton.webhook;

import io.temporal.activity.ActivityInterface;
import java.util.UUID;

/** A delivery's I/O. Each method reads the delivery's state first, so a repeated call is harmless. */
@ActivityInterface(namePrefix = "WebhookDelivery")
public interface DeliveryActivities {

    /** Whether a delivery may be sent now. */
    enum Turn {
        /** Nothing waits before it. */
        SEND,
        /** An earlier event of the same execution is still on its way to the same webhook. */
        WAIT,
        /** It is no longer pending (or its webhook was deleted): nothing to do. */
        DONE
    }

    Turn turn(UUID deliveryId);

    /**
     * One HTTP attempt, and its outcome recorded. A failure that may pass (5xx, 408, 429, a timeout, a connection
     * error) is thrown as a retryable {@code ApplicationFailure} carrying the delay before the next attempt; any
     * other outcome ends the delivery and returns.
     */
    void attempt(UUID deliveryId);

    /** Ends a delivery whose attempts Temporal gave up on, e.g. after its schedule-to-close timeout. */
    void giveUp(UUID deliveryId, String reason);
}
