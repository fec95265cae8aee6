package dev.baton.webhook;

import java.util.UUID;

/**
 * What a delivery workflow is given: the delivery's id and the retry settings, never the URL, body or secret,
 * which its activities read from PostgreSQL.
 *
 * @param giveUpAfterSeconds how long after the first attempt a failing delivery is given up
 * @param attemptTimeoutSeconds start-to-close of one HTTP attempt, its bookkeeping included
 */
public record DeliveryInput(UUID deliveryId, int initialIntervalSeconds, int maximumIntervalSeconds,
        long giveUpAfterSeconds, int attemptTimeoutSeconds) {
}
