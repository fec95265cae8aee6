package dev.baton.execution;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * {@code baton.temporal.*}: the one place for the task queue and the timeouts around task executions.
 *
 * @param taskQueue where executions are scheduled and workers poll
 * @param heartbeatTimeout an attempt whose worker stops heartbeating for this long is retried elsewhere
 * @param heartbeatInterval how often a running attempt heartbeats; also how soon it notices a cancellation
 * @param bookkeepingTimeout start-to-close of the short activities that record status in PostgreSQL
 * @param uiUrl base URL of the Temporal Web UI, for links in API answers
 * @param namespace the Temporal namespace (mirrors {@code spring.temporal.namespace})
 */
@ConfigurationProperties("baton.temporal")
public record WorkflowProperties(
        @DefaultValue("baton-tasks") String taskQueue,
        @DefaultValue("30s") Duration heartbeatTimeout,
        @DefaultValue("2s") Duration heartbeatInterval,
        @DefaultValue("30s") Duration bookkeepingTimeout,
        @DefaultValue("http://localhost:8233") String uiUrl,
        @DefaultValue("default") String namespace) {
}
