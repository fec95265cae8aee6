package dev.baton.webhook;

import java.time.Duration;
import java.util.Locale;

/**
 * One delivery attempt ended; published for metrics, after its outcome is recorded.
 *
 * @param latency how long the HTTP exchange took; null when no request was made (a refused destination)
 */
public record DeliveryAttempted(Outcome outcome, Duration latency) {

    public enum Outcome {
        /** Answered 2xx: the delivery is done. */
        DELIVERED,
        /** Failed in a way that may pass: another attempt follows. */
        RETRYING,
        /** Failed for good (or out of time): the delivery is done. */
        FAILED;

        public String tag() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
