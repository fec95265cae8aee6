package dev.baton.bench;

import java.time.Duration;

/** Figure 7: process start to readiness UP, cold (initdb) and warm, and memory at idle after it. */
final class Startup {

    private Startup() {
    }

    static void report(Report report, BatonNode node, Duration cold, Duration warm) {
        // Idle means: ready, and nothing asked of it yet. A short settle lets start-up work (JIT, Temporal's first
        // polls) die down, so the figure is the steady idle footprint rather than the start-up peak.
        BatonNode.pause(Duration.ofSeconds(3));
        report.section("7. Startup")
                .note("From starting the `java` process to the first 200 of `/actuator/health/readiness` (database, "
                        + "Temporal, worker pollers and CLI all UP), polled every 25 ms. Cold: an empty data directory, "
                        + "so the embedded PostgreSQL runs initdb and Flyway creates the schema. Warm: the same "
                        + "directory again after a clean stop. Memory: 3 s after the warm start, before any request; "
                        + "PostgreSQL as the proportional set size summed over its processes. Baton runs with the JVM options "
                        + "it ships with (`" + BatonNode.JVM_OPTIONS + "`), as `./mvnw spring-boot:run` and the "
                        + "image start it.")
                .atMost("cold start to ready", cold.toMillis() / 1000.0, 10, " s")
                .row("warm start to ready", Report.format(warm.toMillis() / 1000.0) + " s")
                .atMost("Baton JVM RSS at idle", node.rssBytes() / (1024.0 * 1024), 400, " MiB")
                .row("PostgreSQL PSS at idle", Report.mib(node.databasePssBytes()))
                .row("Baton heap used at idle", Report.mib(Metrics.of(node.http()).heapUsedBytes()));
    }
}
