package dev.baton.execution;

import io.temporal.spring.boot.TemporalOptionsCustomizer;
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
}
