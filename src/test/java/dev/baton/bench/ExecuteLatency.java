package dev.baton.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.sql.SQLException;

/**
 * Figure 1: how long {@code POST /api/v1/tasks/{id}/execute} takes to answer, async (202 at once) against sync
 * (200 when the execution has ended), at 1, 16 and 64 concurrent clients, with the no-op CLI.
 */
final class ExecuteLatency {

    static final int[] LEVELS = {1, 16, 64};

    private ExecuteLatency() {
    }

    static void run(BatonNode node, Database db, Report report, boolean quick) throws TimeoutException, SQLException {
        Http http = node.http();
        String taskId = Load.createTask(http, "bench-noop");
        String path = "/api/v1/tasks/" + taskId + "/execute";
        int[] asyncCounts = quick ? new int[] {30, 96, 192} : new int[] {100, 320, 640};
        int[] syncCounts = quick ? new int[] {5, 16, 64} : new int[] {20, 64, 128};

        // Enough for the JIT to compile the request path; fewer left the first levels measuring the interpreter.
        int warmUp = quick ? 100 : 300;
        Load.closedLoop(4, warmUp, i -> http.post(path, Map.of()).status() == 202);
        db.awaitNoUnfinished(Duration.ofMinutes(3));

        Report.Section section = report.section("1. Execute accepted");
        section.note("`POST /api/v1/tasks/{id}/execute` on one task whose CLI is the no-op `bench-claude` "
                + "(`--model bench-noop`), closed loops of N concurrent clients over loopback, after " + warmUp
                + " warm-up requests. Latency is from sending the request to having read the whole answer. First, "
                + "requests one at a time on an idle node (each sent after the previous execution ended). Async: "
                + "the 202 answer; the executions then run in the background and are left to finish before the next "
                + "level starts, so each level starts from an idle node but runs beside the executions it "
                + "queued itself. Sync (`executionMode: sync`, 200 once the execution has ended, at most 8 CLIs at "
                + "once) uses fewer requests per level. Requests per level, async: " + counts(asyncCounts)
                + "; sync: " + counts(syncCounts) + ".");
        // The accept path on its own: one request at a time, each only after the previous execution has ended.
        Samples idle = new Samples();
        for (int i = 0; i < (quick ? 15 : 40); i++) {
            long t0 = System.nanoTime();
            http.post(path, Map.of()).expect(202, "execute");
            idle.add((System.nanoTime() - t0) / 1e6);
            db.awaitNoUnfinished(Duration.ofMinutes(1));
        }
        section.row("async on an idle node, one request at a time (" + idle.count() + "): p50", Report.ms(idle.p50()));
        section.row("async on an idle node, one request at a time (" + idle.count() + "): p99", Report.ms(idle.p99()));
        double[] asyncP50 = new double[LEVELS.length];
        for (int l = 0; l < LEVELS.length; l++) {
            long t0 = System.nanoTime();
            List<Load.Timed> results = Load.closedLoop(LEVELS[l], asyncCounts[l],
                    i -> http.post(path, Map.of()).status() == 202);
            double acceptsPerSecond = results.size() / ((System.nanoTime() - t0) / 1e9);
            db.awaitNoUnfinished(Duration.ofMinutes(5));
            Samples latency = Load.millis(results);
            asyncP50[l] = latency.p50();
            String label = "async, " + LEVELS[l] + " client" + (LEVELS[l] == 1 ? "" : "s");
            acceptedRows(section, label, LEVELS[l], latency);
            section.row(label + ": accepts per second", Report.format(acceptsPerSecond) + " /s");
            section.row(label + ": answers other than 202", Long.toString(Load.failures(results)));
        }
        for (int l = 0; l < LEVELS.length; l++) {
            List<Load.Timed> results = Load.closedLoop(LEVELS[l], syncCounts[l],
                    i -> completed(http.post(path, Map.of("executionMode", "sync"))));
            Samples latency = Load.millis(results);
            String label = "sync, " + LEVELS[l] + " client" + (LEVELS[l] == 1 ? "" : "s");
            section.row(label + ": p50", Report.ms(latency.p50()));
            section.row(label + ": p99", Report.ms(latency.p99()));
            section.row(label + ": answers other than 200 completed", Long.toString(Load.failures(results)));
            section.row("async p50 ÷ sync p50, " + LEVELS[l] + " client" + (LEVELS[l] == 1 ? "" : "s"),
                    Report.format(asyncP50[l] / latency.p50()) + "×");
        }
        db.awaitNoUnfinished(Duration.ofMinutes(3));
        section.row("async p50 at 64 clients ÷ 60 s (the old blocking design's shortest wait)",
                Report.format(asyncP50[LEVELS.length - 1] / 60_000) + "×");
        section.note("The old blocking design held every request for the whole turn of the real CLI, 60–120 s. "
                + "Sync here runs the no-op CLI, so its latency is Baton's and Temporal's own work plus queueing.");
    }

    private static boolean completed(Http.Answer answer) {
        return answer.status() == 200 && "completed".equals(answer.json().path("status").asString());
    }

    private static String counts(int[] counts) {
        StringBuilder out = new StringBuilder();
        for (int l = 0; l < LEVELS.length; l++) {
            out.append(l == 0 ? "" : ", ").append(counts[l]).append(" at ").append(LEVELS[l]);
        }
        return out.toString();
    }

    /** p50 and p99 of accepted executions; the targets (p50 ≤ 10 ms, p99 ≤ 50 ms) are set for 64 clients. */
    static void acceptedRows(Report.Section section, String label, int clients, Samples latency) {
        if (clients == 64) {
            section.atMost(label + ": p50", latency.p50(), 10, " ms");
            section.atMost(label + ": p99", latency.p99(), 50, " ms");
        } else {
            section.row(label + ": p50", Report.ms(latency.p50()));
            section.row(label + ": p99", Report.ms(latency.p99()));
        }
    }
}
