package dev.baton.node;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code baton.shutdown.*}.
 *
 * @param gracePeriod how long running CLI turns may go on after SIGTERM before they are killed; also each
 *         shutdown phase's limit ({@code spring.lifecycle.timeout-per-shutdown-phase})
 */
@ConfigurationProperties("baton.shutdown")
record ShutdownProperties(@DefaultValue("30s") Duration gracePeriod) {
}
