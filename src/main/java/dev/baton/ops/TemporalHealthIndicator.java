package dev.baton.ops;

import io.grpc.StatusRuntimeException;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.client.WorkflowClient;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code temporal} in the health report: one {@code GetSystemInfo} call, the cheapest the frontend answers and one
 * the embedded test server implements too. The short deadline keeps a hanging cluster from hanging the probe.
 */
@Component
class TemporalHealthIndicator implements HealthIndicator {

    static final Duration DEADLINE = Duration.ofSeconds(2);

    private final WorkflowClient client;

    TemporalHealthIndicator(WorkflowClient client) {
        this.client = client;
    }

    @Override
    public Health health() {
        WorkflowServiceStubs stubs = client.getWorkflowServiceStubs();
        String target = stubs.getOptions().getTarget();
        Health.Builder health;
        try {
            GetSystemInfoResponse info = stubs.blockingStub()
                    .withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
                    .getSystemInfo(GetSystemInfoRequest.getDefaultInstance());
            health = Health.up();
            if (!info.getServerVersion().isEmpty()) {
                health.withDetail("serverVersion", info.getServerVersion());
            }
        } catch (StatusRuntimeException e) {
            String description = e.getStatus().getDescription();
            health = Health.down().withDetail("reason",
                    e.getStatus().getCode() + (description == null ? "" : ": " + description));
        }
        return health.withDetail("target", target != null ? target : "embedded test server (in-process)")
                .withDetail("namespace", client.getOptions().getNamespace())
                .build();
    }
}
