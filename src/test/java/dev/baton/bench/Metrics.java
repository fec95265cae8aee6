package dev.baton.bench;

import dev.baton.support.Scrape;

/** One scrape of a node's {@code /actuator/prometheus}, with the figures the benchmark reads. */
record Metrics(Scrape scrape) {

    static Metrics of(Http http) {
        return new Metrics(Scrape.parse(http.get("/actuator/prometheus").expect(200, "prometheus scrape").body()));
    }

    double value(String name, String... labels) {
        return scrape.value(name, labels);
    }

    double executionsFinished() {
        return value("baton_executions_finished_total");
    }

    double executionsFinished(String status) {
        return value("baton_executions_finished_total", "status=\"" + status + "\"");
    }

    double heapUsedBytes() {
        return value("jvm_memory_used_bytes", "area=\"heap\"");
    }

    double liveThreads() {
        return value("jvm_threads_live_threads");
    }
}
