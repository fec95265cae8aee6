package dev.baton.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Figure 3: executions completed per second over a batch of no-op executions, with the CPU split between the
 * processes during the batch and, where asked, a flight recording of the Baton JVM naming where its CPU went.
 */
final class Throughput {

    /** Concurrent submitters: enough to keep the queue full without turning the phase into an accept benchmark. */
    private static final int SUBMITTERS = 16;

    private Throughput() {
    }

    static void run(BatonNode node, Database db, Report report, boolean quick, int maxConcurrent, Path jfrFile)
            throws IOException, SQLException, TimeoutException {
        Http http = node.http();
        int count = quick ? 200 : 1000;
        String taskId = Load.createTask(http, "bench-noop");
        String path = "/api/v1/tasks/" + taskId + "/execute";
        // A node started for this phase has a cold JIT; one that ran earlier phases is warm already.
        Load.closedLoop(4, quick ? 40 : 100, i -> http.post(path, Map.of()).status() == 202);
        db.awaitNoUnfinished(Duration.ofMinutes(3));
        String measuredTask = Load.createTask(http, "bench-noop");
        String measuredPath = "/api/v1/tasks/" + measuredTask + "/execute";

        if (jfrFile != null) {
            Jfr.start(node.pid());
        }
        CpuSplit.Mark mark = CpuSplit.mark(node);
        Instant first = Instant.now();
        List<Load.Timed> submitted = Load.closedLoop(SUBMITTERS, count,
                i -> http.post(measuredPath, Map.of()).status() == 202);
        db.awaitNoUnfinished(Duration.ofMinutes(10));
        CpuSplit cpu = CpuSplit.since(mark, node);
        if (jfrFile != null) {
            Jfr.stop(node.pid(), jfrFile);
        }
        long lastMicros = db.lastCompletedMicros(measuredTask);
        double seconds = (lastMicros - (first.getEpochSecond() * 1_000_000L + first.getNano() / 1000)) / 1e6;
        long completed = db.executionsWithStatus(measuredTask, "COMPLETED");

        Report.Section section = report.section("3. Throughput, `BATON_CLAUDE_MAX_CONCURRENT=" + maxConcurrent + "`");
        section.note(String.format(Locale.ROOT, "%d no-op executions submitted as fast as %d concurrent clients "
                + "can get their 202s (a burst with bounded concurrency), after a warm-up batch. Time: from the first "
                + "request to the last `completedAt` among them (read from PostgreSQL, so nothing polls Baton). CPU: "
                + "`/proc` over the batch, as a share of all %d cores.", count, SUBMITTERS,
                Runtime.getRuntime().availableProcessors()));
        section.row("executions completed per second", Report.format(completed / seconds) + " /s");
        section.row("executions completed (of " + count + ")", Long.toString(completed));
        section.row("202 answers missing", Long.toString(Load.failures(submitted)));
        section.row("batch duration", Report.format(seconds) + " s");
        section.row("CPU: Baton JVM (with in-process Temporal)", Report.percent(cpu.ofCores(cpu.baton())));
        section.row("Baton JVM CPU by thread kind", cpu.batonThreadShares());
        section.row("CPU: CLI processes", Report.percent(cpu.ofCores(cpu.cli())));
        section.row("CPU: PostgreSQL", Report.percent(cpu.ofCores(cpu.database())));
        section.row("CPU: benchmark driver", Report.percent(cpu.ofCores(cpu.driver())));
        section.row("CPU: other processes on the machine", Report.percent(cpu.ofCores(cpu.other())));
        section.row("CPU per execution: Baton / CLI / PostgreSQL", Report.ms(cpu.baton() / completed * 1000) + " / "
                + Report.ms(cpu.cli() / completed * 1000) + " / " + Report.ms(cpu.database() / completed * 1000));
        if (jfrFile != null) {
            profile(section, Jfr.summarize(jfrFile, 12), cpu, "the batch");
        }
    }

    /** @param during what ran while the recording was on */
    static void profile(Report.Section section, Jfr.Summary summary, CpuSplit cpu, String during) {
        section.extra("**Profile of the Baton JVM during " + during + "** (JFR, `settings=profile`, "
                + summary.samples() + " execution samples).");
        table(section, "By component (the first frame outside the JDK on each sampled stack):", "component",
                summary.components(), summary.samples());
        table(section, "By top frame:", "method", summary.topFrames(), summary.samples());
        table(section, "By package of the first frame outside the JDK:", "package", summary.callerPackages(),
                summary.samples());
        table(section, "By the innermost Baton method on the stack (what Baton code the work was done for):",
                "Baton method", summary.batonFrames(), summary.samples());
        table(section, "By thread:", "thread", summary.threads(), summary.samples());
        section.extra("");
        section.extra("**Conclusion:** " + conclusion(summary, cpu));
    }

    private static String share(long samples, long total) {
        return Report.percent((double) samples / total);
    }

    /** A heading line, then a table of sample counts, each paragraph set off by a blank line. */
    private static void table(Report.Section section, String heading, String what, Map<String, Long> counts,
            long total) {
        section.extra("");
        section.extra(heading);
        section.extra("");
        section.extra("| " + what + " | samples | share |");
        section.extra("| --- | --- | --- |");
        counts.forEach((name, n) -> section.extra("| `" + name.replace("|", "\\|") + "` | " + n + " | "
                + share(n, total) + " |"));
    }

    /** Derived from the figures: which process took the most CPU, and within Baton which component. */
    static String conclusion(Jfr.Summary summary, CpuSplit cpu) {
        Map<String, Double> shares = Map.of("the Baton JVM", cpu.baton(), "the CLI processes", cpu.cli(),
                "PostgreSQL", cpu.database(), "the benchmark driver", cpu.driver(), "other processes", cpu.other());
        var biggest = shares.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow();
        double busy = cpu.ofCores(cpu.machine());
        List<Map.Entry<String, Long>> top = summary.components().entrySet().stream().limit(2).toList();
        String within = top.isEmpty() ? "" : String.format(Locale.ROOT, "; inside the Baton JVM, %s takes the most "
                + "execution samples (%s)", top.get(0).getKey(), share(top.get(0).getValue(), summary.samples()));
        if (top.size() > 1) {
            within += String.format(Locale.ROOT, ", then %s (%s)", top.get(1).getKey(),
                    share(top.get(1).getValue(), summary.samples()));
        }
        String limit = busy >= 0.85
                ? "the cores were saturated (" + Report.percent(busy) + " busy), so throughput is CPU-bound"
                : "the cores were only " + Report.percent(busy) + " busy, so throughput is bound by waiting "
                        + "(queues, locks or round trips), not by CPU";
        return limit + "; the largest CPU consumer was " + biggest.getKey() + " ("
                + Report.percent(cpu.ofCores(biggest.getValue())) + " of all cores)" + within + ".";
    }
}
