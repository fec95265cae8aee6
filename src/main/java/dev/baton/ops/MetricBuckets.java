package dev.baton.ops;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * Keeps {@code /actuator/prometheus} small. The Temporal SDK gives every one of its timers a full percentile
 * histogram, about seventy buckets per tag combination, which after a handful of executions made the scrape over a
 * megabyte. Operators chart few of them: how long work waits for a worker (schedule-to-start) and how long the
 * server's calls take; those keep five or six buckets, enough for p50 and p95 at their usual scale. Every other
 * Temporal timer keeps its count, sum and max, and every counter and gauge (outcomes, failures, slots) stays as it
 * is. (Spring Data's per-repository-method timers are not made at all: see BatonApplication. The database's health
 * shows in the connection pool's metrics.)
 */
@Component
class MetricBuckets implements MeterFilter {

    private static final double[] SERVER_CALLS = nanos(Duration.ofMillis(50), Duration.ofMillis(250),
            Duration.ofSeconds(1), Duration.ofSeconds(5));
    private static final double[] WAITING = nanos(Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofSeconds(10),
            Duration.ofMinutes(1), Duration.ofMinutes(10));

    /** The Temporal timers that keep buckets, by meter name. */
    static final Map<String, double[]> TEMPORAL_HISTOGRAMS = Map.of(
            "temporal_request_latency", SERVER_CALLS,
            "temporal_activity_schedule_to_start_latency", WAITING,
            "temporal_workflow_task_schedule_to_start_latency", WAITING);

    @Override
    public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
        if (!id.getName().startsWith("temporal_")) {
            return config;
        }
        double[] buckets = TEMPORAL_HISTOGRAMS.get(id.getName());
        return DistributionStatisticConfig.builder()
                .percentilesHistogram(false)
                .serviceLevelObjectives(buckets == null ? new double[0] : buckets)
                .build().merge(config);
    }

    private static double[] nanos(Duration... limits) {
        return Arrays.stream(limits).mapToDouble(Duration::toNanos).toArray();
    }
}
