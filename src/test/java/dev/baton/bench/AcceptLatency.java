package dev.baton.bench;

import java.util.List;
import java.util.Map;

/**
 * Figure 1, the accept path in isolation: {@code POST /api/v1/tasks/{id}/execute} → 202 on a node with only the
 * api role. Its in-process Temporal server has no worker polling, so the workflows just queue, and the node does
 * nothing but accept: the same requests as the async series of {@link ExecuteLatency} without the executions
 * running beside them.
 */
final class AcceptLatency {

    private static final int[] LEVELS = ExecuteLatency.LEVELS;

    private AcceptLatency() {
    }

    static void run(BatonNode node, Report report, boolean quick) {
        Http http = node.http();
        String taskId = Load.createTask(http, "bench-noop");
        String path = "/api/v1/tasks/" + taskId + "/execute";
        int[] counts = quick ? new int[] {100, 320, 640} : new int[] {300, 960, 1920};
        int warmUp = quick ? 300 : 1000;
        Load.closedLoop(4, warmUp, i -> http.post(path, Map.of()).status() == 202);

        Report.Section section = report.section("1. Execute accepted, api-only node");
        section.note("The same async request on a second node started with `BATON_ROLES=api` (same data directory, "
                + "after every other scenario): no worker polls its in-process Temporal server, so the workflows "
                + "only queue and the node does nothing but accept. After " + warmUp + " warm-up requests; requests "
                + "per level: " + counts(counts) + ". With a closed loop of N clients, each sending its next request "
                + "as soon as the previous one is answered, latency ≈ N ÷ accept throughput (Little's law): once "
                + "the node is saturated, more clients only lengthen the queue. The accepts per second measured at "
                + "each level are printed so this can be checked.");
        for (int l = 0; l < LEVELS.length; l++) {
            long t0 = System.nanoTime();
            List<Load.Timed> results = Load.closedLoop(LEVELS[l], counts[l],
                    i -> http.post(path, Map.of()).status() == 202);
            double seconds = (System.nanoTime() - t0) / 1e9;
            Samples latency = Load.millis(results);
            String label = "api-only, " + LEVELS[l] + " client" + (LEVELS[l] == 1 ? "" : "s");
            ExecuteLatency.acceptedRows(section, label, LEVELS[l], latency);
            double perSecond = results.size() / seconds;
            section.row(label + ": accepts per second", Report.format(perSecond) + " /s");
            section.row(label + ": N ÷ accepts per second (Little's law)",
                    Report.ms(LEVELS[l] / perSecond * 1000));
            section.row(label + ": answers other than 202", Long.toString(Load.failures(results)));
        }
    }

    private static String counts(int[] counts) {
        StringBuilder out = new StringBuilder();
        for (int l = 0; l < LEVELS.length; l++) {
            out.append(l == 0 ? "" : ", ").append(counts[l]).append(" at ").append(LEVELS[l]);
        }
        return out.toString();
    }
}
