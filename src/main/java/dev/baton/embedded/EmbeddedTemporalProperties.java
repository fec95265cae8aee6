package dev.baton.embedded;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code baton.temporal.embedded-*}: settings of the embedded Temporal server only.
 *
 * @param embeddedRetention how long the server keeps a closed run before dropping it, once archived
 *         ({@code BATON_EMBEDDED_TEMPORAL_RETENTION})
 */
@ConfigurationProperties("baton.temporal")
record EmbeddedTemporalProperties(@DefaultValue("24h") Duration embeddedRetention) {
}
