package dev.baton.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Figure 8: a long run of no-op executions on a node of its own whose embedded Temporal server drops closed runs
 * after a short retention, recording at every checkpoint the live heap after a full GC, the threads, the RSS and the
 * rate of 202 answers. Before each checkpoint it waits until every run of the batch is past the retention and
 * dropped, so the heap figure is what stays for good; the growth from the first checkpoint to the last, per
 * execution, is what an embedded Baton running for weeks keeps accumulating.
 */
final class Soak {

    static final String TITLE = "11. Soak";

    private static final int SUBMITTERS = 16;
    private static final Pattern HEAP_USED = Pattern.compile("used (\\d+)K");

    private Soak() {
    }

    /** Starts the node with these extra environment variables; the caller owns it. */
    interface NodeStarter {
        BatonNode start(Map<String, String> environment) throws IOException;
    }

    /** @param threadsAfterBatch the JVM's threads as the batch's last execution ended, before any wait */
    record Checkpoint(long executions, long liveHeapBytes, long threadsAfterBatch, long threads, long rssBytes,
            double acceptsPerSecond, long archivedRuns, long archiveBytes) {
    }

    /**
     * The section as the benchmark runs it: 20,000 executions in batches of 5,000 with a 1-minute retention, or
     * 2,000 in batches of 500 with 10 s in quick mode. A failure becomes a FAILED section.
     *
     * @return whether it ran to the end
     */
    static boolean run(Report report, boolean quick, NodeStarter starter) {
        return run(report, quick ? 2_000 : 20_000, quick ? 500 : 5_000,
                quick ? Duration.ofSeconds(10) : Duration.ofMinutes(1), starter);
    }

    static boolean run(Report report, int total, int every, Duration retention, NodeStarter starter) {
        System.out.println("[benchmark] " + TITLE);
        try {
            soak(report, total, every, retention, starter);
            return true;
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            report.section(TITLE + " — FAILED").note("**This scenario failed:** `" + e + "`");
            return false;
        }
    }

    /**
     * The section alone, e.g. at a reduced size: {@code java -cp <test classpath> dev.baton.bench.Soak <total>
     * <every> <retention seconds>}; prints the figures.
     */
    public static void main(String[] args) throws IOException {
        Path runDir = Files.createTempDirectory("baton-soak-").toRealPath();
        Path bench = Path.of(System.getProperty("user.dir"), "src/test/scripts/bench-claude");
        Report report = new Report();
        List<BatonNode> started = new java.util.concurrent.CopyOnWriteArrayList<>();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> started.forEach(BatonNode::stop)));
        boolean ok = run(report, Integer.parseInt(args[0]), Integer.parseInt(args[1]),
                Duration.ofSeconds(Long.parseLong(args[2])), environment -> {
                    BatonNode node = BatonNode.start("soak", runDir, runDir.resolve("data"), bench, 8,
                            Map.of("HOME", Files.createDirectories(runDir.resolve("cli-home")).toString()),
                            environment);
                    started.add(node);
                    return node;
                });
        started.forEach(BatonNode::stop);
        System.out.println(report.markdown());
        System.out.println("Run directory (logs): " + runDir);
        System.exit(ok ? 0 : 1);
    }

    private static void soak(Report report, int total, int every, Duration retention, NodeStarter starter)
            throws IOException, SQLException, TimeoutException {
        BatonNode node = starter.start(Map.of("BATON_EMBEDDED_TEMPORAL_RETENTION", retention.toSeconds() + "s"));
        List<Checkpoint> points = new ArrayList<>();
        long missing = 0;
        try {
            node.awaitReady(Duration.ofMinutes(3));
            try (Database db = Database.connect(node)) {
                Http http = node.http();
                String path = "/api/v1/tasks/" + Load.createTask(http, "bench-noop") + "/execute";
                // A warm JIT and filled caches first, so that the first checkpoint is not a cold start.
                missing += submit(http, path, Math.min(1_000, every)).missing();
                long threads = awaitDropped(node, db, retention);
                points.add(measure(node, db, 0, Double.NaN, threads));
                for (int done = every; done <= total; done += every) {
                    Batch batch = submit(http, path, every);
                    missing += batch.missing();
                    threads = awaitDropped(node, db, retention);
                    points.add(measure(node, db, done, batch.acceptsPerSecond(), threads));
                    System.out.println("[benchmark]   soak " + points.getLast());
                }
            }
        } finally {
            node.stop();
        }
        write(report, points, total, every, retention, missing);
    }

    private record Batch(double acceptsPerSecond, long missing) {
    }

    private static Batch submit(Http http, String path, int count) {
        long started = System.nanoTime();
        List<Load.Timed> answers = Load.closedLoop(SUBMITTERS, count, i -> http.post(path, Map.of()).status() == 202);
        double seconds = (System.nanoTime() - started) / 1e9;
        long missing = Load.failures(answers);
        return new Batch((count - missing) / seconds, missing);
    }

    /**
     * Until the batch has run, and then a retention period and two sweep intervals (with a margin) have passed.
     *
     * @return the JVM's threads when the batch had run
     */
    private static long awaitDropped(BatonNode node, Database db, Duration retention)
            throws SQLException, TimeoutException {
        db.awaitNoUnfinished(Duration.ofMinutes(30));
        long threads = Proc.threads(node.pid());
        Duration sweep = retention.dividedBy(4);
        sweep = sweep.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : sweep.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : sweep;
        BatonNode.pause(retention.plus(sweep.multipliedBy(2)).plusSeconds(5));
        return threads;
    }

    private static Checkpoint measure(BatonNode node, Database db, long executions, double accepts,
            long threadsAfterBatch) throws IOException, SQLException {
        Jfr.jcmd(node.pid(), "GC.run");
        String heap = Jfr.jcmd(node.pid(), "GC.heap_info");
        Matcher used = HEAP_USED.matcher(heap);
        if (!used.find()) {
            throw new IOException("no 'used …K' in GC.heap_info: " + heap);
        }
        return new Checkpoint(executions, Long.parseLong(used.group(1)) * 1024, threadsAfterBatch,
                Proc.threads(node.pid()), node.rssBytes(), accepts, db.archivedRuns(), db.archiveBytes());
    }

    private static void write(Report report, List<Checkpoint> points, int total, int every, Duration retention,
            long missing) {
        Report.Section section = report.section(TITLE + ": memory and threads over " + total + " executions");
        section.note(String.format(Locale.ROOT, "A node of its own with `BATON_EMBEDDED_TEMPORAL_RETENTION=%ds`; "
                + "after a warm-up batch, %d no-op executions in batches of %d, each submitted by %d concurrent "
                + "clients. After each batch: wait until all have ended and a retention period plus two sweep "
                + "intervals have passed (every run of the batch is dropped from the embedded Temporal server, its "
                + "history archived in PostgreSQL), then `jcmd GC.run` and `GC.heap_info` (live heap after a full "
                + "GC), the JVM's OS threads and RSS from `/proc`; threads also as the batch's last execution ended. "
                + "Accepts per second: 202 answers over the batch's submission time.", retention.toSeconds(), total,
                every, SUBMITTERS));
        section.extra("| executions | live heap after full GC | threads after the batch | threads | RSS | accepts/s "
                + "| archived runs | archive size |");
        section.extra("| --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Checkpoint p : points) {
            section.extra("| " + p.executions() + " | " + Report.mib(p.liveHeapBytes()) + " | "
                    + p.threadsAfterBatch() + " | " + p.threads() + " | " + Report.mib(p.rssBytes()) + " | "
                    + (Double.isNaN(p.acceptsPerSecond()) ? "(warm-up)" : Report.format(p.acceptsPerSecond()))
                    + " | " + p.archivedRuns() + " | " + Report.mib(p.archiveBytes()) + " |");
        }
        if (points.size() < 2) {
            section.note("**Too few checkpoints to compare.**");
            return;
        }
        Checkpoint first = points.getFirst();
        Checkpoint start = points.get(1);
        Checkpoint end = points.getLast();
        double growth = (double) (end.liveHeapBytes() - first.liveHeapBytes())
                / (end.executions() - first.executions());
        section.atMost("live heap growth per execution, first checkpoint to last", growth, 1024, " B");
        section.atMost("threads, most right after a batch", points.stream()
                .mapToLong(Checkpoint::threadsAfterBatch).max().orElse(0), 200, "");
        section.atMost("threads at the end", end.threads(), 200, "");
        section.atMost("RSS at the end", end.rssBytes() / (1024.0 * 1024), 600, " MiB");
        section.atLeast("accepts per second at the end, share of the first batch's",
                100 * end.acceptsPerSecond() / start.acceptsPerSecond(), 90, " %");
        section.zero("202 answers missing", missing);
        section.row("archive size per workflow run", Report.format((double) end.archiveBytes() / end.archivedRuns())
                + " B");
    }
}
