package dev.baton.webhook;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code baton.webhooks.*}.
 *
 * @param allowPrivateNetworks whether URLs may lead to loopback, private, link-local and unique-local addresses, and
 *        use plain {@code http}; for tests and internal receivers
 * @param encryptionKey base64 of the 32-byte AES key that seals webhook secrets in the database; empty means a key
 *        generated into the data directory (fine for one node, but every node must share one key)
 * @param retry when a failed delivery is tried again, and for how long
 * @param disableAfterFailures a webhook is disabled once this many events in a row ended {@code failed}
 * @param connectTimeout how long a delivery may take to connect
 * @param requestTimeout how long a delivery may take in all, connecting included
 * @param recoveryInterval how often a worker node starts the delivery of events whose workflow could not be started
 * @param userAgent the {@code User-Agent} of deliveries
 */
@ConfigurationProperties("baton.webhooks")
record WebhookProperties(
        @DefaultValue("false") boolean allowPrivateNetworks,
        @DefaultValue("") String encryptionKey,
        @DefaultValue Retry retry,
        @DefaultValue("5") int disableAfterFailures,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration requestTimeout,
        @DefaultValue("1m") Duration recoveryInterval,
        @DefaultValue("Baton-Webhooks") String userAgent) {

    public WebhookProperties {
        if (disableAfterFailures < 1) {
            throw new IllegalArgumentException("baton.webhooks.disable-after-failures must be at least 1");
        }
    }

    /**
     * Exponential back-off: {@code initialInterval}, doubling up to {@code maximumInterval}, until {@code giveUpAfter}
     * has passed since the first attempt; a {@code Retry-After} answer sets the next delay instead.
     */
    public record Retry(
            @DefaultValue("10s") Duration initialInterval,
            @DefaultValue("1h") Duration maximumInterval,
            @DefaultValue("24h") Duration giveUpAfter) {
    }
}
