package dev.baton.execution;

import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class WorkerConfig {

    static final int WORKFLOW_THREADS = 64;
    static final int WORKFLOW_TASKS = 16;

    /**
     * The SDK batches heartbeats for up to 80% of the heartbeat timeout, and a cancellation only arrives with a
     * heartbeat's answer. Capping the batching at our heartbeat interval makes cancel kill the CLI within seconds.
     * Each workflow task in progress holds a thread of its own; the SDK's default allows 200 at once, far more than
     * a node's cores can use.
     */
    @Bean
    TemporalOptionsCustomizer<WorkerOptions.Builder> workerOptions(WorkflowProperties properties) {
        return builder -> builder
                .setMaxHeartbeatThrottleInterval(properties.heartbeatInterval())
                .setDefaultHeartbeatThrottleInterval(properties.heartbeatInterval())
                .setMaxConcurrentWorkflowTaskExecutionSize(WORKFLOW_TASKS);
    }

    /**
     * At most {@link #WORKFLOW_THREADS} threads run workflow code, and as many workflows stay cached. With the SDK's
     * defaults (600 each) a burst of executions grew the pool to 600 threads, which the sticky cache kept. A cached
     * workflow holds its thread while it waits, so the cache cannot usefully be larger than the pool; past it the
     * SDK evicts the least recently used workflow, which replays its (short) history when its next task comes. 100 let a
     * burst of 16 clients take the JVM past 200 threads (BENCHMARKS.md, figure 11).
     * Virtual workflow threads would need no bound, but under load their carriers are busy with other virtual
     * threads (the web server's, here) and the SDK's deadlock detector then fails workflow tasks whose thread did not
     * get a carrier within a second (temporalio/sdk-java#2959).
     */
    @Bean
    TemporalOptionsCustomizer<WorkerFactoryOptions.Builder> boundedWorkflowThreads() {
        return builder -> builder.setMaxWorkflowThreadCount(WORKFLOW_THREADS).setWorkflowCacheSize(WORKFLOW_THREADS);
    }
}
