package dev.baton.execution;

import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WorkerConfig {

    /**
     * The SDK batches heartbeats for up to 80% of the heartbeat timeout, and a cancellation only arrives with a
     * heartbeat's answer. Capping the batching at our heartbeat interval makes cancel kill the CLI within seconds.
     */
    @Bean
    TemporalOptionsCustomizer<WorkerOptions.Builder> heartbeatThrottle(WorkflowProperties properties) {
        return builder -> builder
                .setMaxHeartbeatThrottleInterval(properties.heartbeatInterval())
                .setDefaultHeartbeatThrottleInterval(properties.heartbeatInterval());
    }

    /**
     * Workflow code runs on virtual threads. On platform threads the SDK's pool grew to its 600-thread limit under a
     * burst of executions and kept the threads while the sticky cache held their workflows; virtual threads cost no
     * OS thread while a workflow waits.
     */
    @Bean
    TemporalOptionsCustomizer<WorkerFactoryOptions.Builder> virtualWorkflowThreads() {
        return builder -> builder.setUsingVirtualWorkflowThreads(true);
    }
}
