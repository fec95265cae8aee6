package dev.baton.bench;

import java.util.Arrays;
import java.util.List;

/** One scrape of a node's {@code /actuator/prometheus}, one sample per line. */
record Metrics(List<String> samples) {

    static Metrics of(Http http) {
        Http.Answer answer = http.get("/actuator/prometheus").expect(200, "prometheus scrape");
        return new Metrics(answer.body().lines().filter(l -> !l.isBlank() && !l.startsWith("#")).toList());
    }

    /** The sum of every sample of {@code name} carrying all {@code labels} (each written {@code key="value"}). */
    double value(String name, String... labels) {
        return samples.stream()
                .filter(line -> line.startsWith(name + "{") || line.startsWith(name + " "))
                .filter(line -> Arrays.stream(labels).allMatch(line::contains))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .sum();
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
