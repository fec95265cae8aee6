package dev.baton.node;

import dev.baton.execution.WorkflowProperties;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * {@code temporalWorker} in the readiness group: on a worker node, whether its worker polls the task queue. A worker
 * node whose worker does not poll takes no attempts, so it is not ready. An api-only node runs no worker by design
 * and reports UP, so one readiness group serves every role.
 */
@Component
class TemporalWorkerHealthIndicator implements HealthIndicator {

    private final NodeRoles roles;
    private final ObjectProvider<WorkerFactory> factory;
    private final String taskQueue;

    TemporalWorkerHealthIndicator(NodeRoles roles, ObjectProvider<WorkerFactory> factory, WorkflowProperties workflows) {
        this.roles = roles;
        this.factory = factory;
        this.taskQueue = workflows.taskQueue();
    }

    @Override
    public Health health() {
        if (!roles.worker()) {
            return Health.up().withDetail("polling", false).withDetail("reason", "no worker role on this node").build();
        }
        WorkerFactory workers = factory.getIfAvailable();
        if (workers == null || !workers.isStarted() || workers.isShutdown()) {
            return Health.down().withDetail("taskQueue", taskQueue).withDetail("reason", "the worker is not running")
                    .build();
        }
        Worker worker = workers.getWorker(taskQueue);
        if (worker == null || worker.isSuspended()) {
            return Health.down().withDetail("taskQueue", taskQueue)
                    .withDetail("reason", "the worker has stopped polling (shutting down)").build();
        }
        return Health.up().withDetail("taskQueue", taskQueue).withDetail("polling", true).build();
    }
}
