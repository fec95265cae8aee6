package dev.baton.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import tools.jackson.databind.JsonNode;

/**
 * Figure 2: what Baton adds to each execution, one execution at a time: accept-to-completed time minus the CLI's
 * own wall time, and Baton's CPU per execution against the CLI's, with the no-op CLI and with the real CLI.
 */
final class Overhead {

    private Overhead() {
    }

    static void run(BatonNode node, Database db, Report report, boolean quick) throws IOException, SQLException,
            TimeoutException {
        Report.Section section = report.section("2. Orchestration overhead per execution");
        int jitWarmUp = quick ? 200 : 600;
        section.note("One execution at a time, each `POST /api/v1/tasks/{id}/execute` with `executionMode: sync`, "
                + "so nothing polls Baton while it works. Accept = the moment the driver sent the request; "
                + "completed = the execution's `completedAt`, which Baton stamps when it records the end (same "
                + "machine clock). The CLI's wall time is measured by `bench-claude` itself, which writes "
                + "`$EPOCHREALTIME` before and after the CLI into `$CLAUDE_CONFIG_DIR/bench-wall`: for the real CLI "
                + "around the child process, for the no-op around its own work; so the wrapper's bash start-up "
                + "(a few ms) counts as overhead. Overhead = (completedAt − sent) − CLI wall time. CPU per execution: "
                + "from `/proc/<pid>/stat` of the Baton JVM over the whole series (utime+stime = Baton with its "
                + "in-process Temporal server; cutime+cstime = the CLI processes it reaped, with their children), "
                + "divided by the number of executions; PostgreSQL's processes are counted separately. 3 warm-up "
                + "executions of each kind are not measured. Before the real-CLI series, " + jitWarmUp
                + " more no-op sync executions (8 clients at once) run on the same node, after the hundreds of "
                + "figure 1, so that Baton's request, workflow and stream-handling code is compiled before the real "
                + "CLI is measured (the real CLI is too costly to run often enough to warm it by itself). The ratio "
                + "is given twice: with all of the Baton JVM's CPU, and without its JIT compiler threads, the "
                + "steady-state estimate. The JIT threads' share is printed too: where it is still large, the real "
                + "CLI's output reached code the no-op warm-up did not, or the JIT was still compiling other code.");
        measure(node, db, section, "no-op CLI", "bench-noop", quick ? 15 : 50, false);
        warmUp(node, jitWarmUp);
        measure(node, db, section, "real CLI", null, quick ? 3 : 40, true);
    }

    /** Sync no-op executions until the request, workflow and stream-handling paths are compiled. */
    private static void warmUp(BatonNode node, int count) {
        Http http = node.http();
        String path = "/api/v1/tasks/" + Load.createTask(http, "bench-noop") + "/execute";
        List<Load.Timed> results = Load.closedLoop(8, count,
                i -> {
                    Http.Answer answer = http.post(path, Map.of("executionMode", "sync"));
                    return answer.status() == 200 && "completed".equals(answer.json().path("status").asString());
                });
        if (Load.failures(results) > 0) {
            throw new IllegalStateException(Load.failures(results) + " JIT warm-up executions failed");
        }
    }

    private static void measure(BatonNode node, Database db, Report.Section section, String label, String model,
            int count, boolean cpuTarget) throws IOException, SQLException, TimeoutException {
        Http http = node.http();
        String taskId = Load.createTask(http, model == null ? "real" : model);
        String path = "/api/v1/tasks/" + taskId + "/execute";
        for (int i = 0; i < 3; i++) {
            completed(http.post(path, Map.of("executionMode", "sync")));
        }
        db.awaitNoUnfinished(Duration.ofMinutes(1));
        Samples overhead = new Samples();
        Samples cliWall = new Samples();
        CpuSplit.Mark start = CpuSplit.mark(node);
        for (int i = 0; i < count; i++) {
            Instant sent = Instant.now();
            JsonNode execution = completed(http.post(path, Map.of("executionMode", "sync")));
            Instant completedAt = Instant.parse(execution.path("completedAt").asString());
            double wall = wallMillis(node.configDir(execution.path("sessionId").asString()));
            overhead.add(Duration.between(sent, completedAt).toNanos() / 1e6 - wall);
            cliWall.add(wall);
        }
        CpuSplit cpu = CpuSplit.since(start, node);
        double batonPer = cpu.baton() / count * 1000;
        double cliPer = cpu.cli() / count * 1000;
        double dbPer = cpu.database() / count * 1000;
        String kind = label + " (" + count + " executions)";
        section.atMost(kind + ": median overhead", overhead.p50(), 100, " ms");
        section.row(kind + ": p99 overhead", Report.ms(overhead.p99()));
        section.row(kind + ": median CLI wall time", Report.ms(cliWall.p50()));
        section.row(kind + ": Baton CPU per execution", Report.ms(batonPer));
        section.row(kind + ": Baton JVM CPU by thread kind", cpu.batonThreadShares());
        double withoutJit = (cpu.baton() - cpu.batonThreads().getOrDefault(Proc.JIT, 0.0)) / count * 1000;
        section.row(kind + ": Baton CPU per execution without the JIT compiler threads", Report.ms(withoutJit)
                + " (" + Report.percent(withoutJit / cliPer) + " of the CLI's)");
        if (cpuTarget) {
            section.atMost(kind + ": Baton CPU ÷ CLI CPU without the JIT compiler threads (steady state)", withoutJit / cliPer * 100,
                    10, " %");
        }
        section.row(kind + ": CLI CPU per execution", Report.ms(cliPer));
        section.row(kind + ": PostgreSQL CPU per execution", Report.ms(dbPer));
        if (cpuTarget) {
            section.atMost(kind + ": Baton CPU ÷ CLI CPU, all Baton JVM threads (after the warm-up)", batonPer / cliPer * 100,
                    10, " %");
        } else {
            section.row(kind + ": Baton CPU ÷ CLI CPU", Report.percent(batonPer / cliPer));
        }
    }

    private static JsonNode completed(Http.Answer answer) {
        answer.expect(200, "sync execute");
        JsonNode execution = answer.json();
        if (!"completed".equals(execution.path("status").asString())) {
            throw new IllegalStateException("execution did not complete: " + answer.body());
        }
        return execution;
    }

    /** The CLI's wall time that bench-claude wrote for the session's turn. */
    private static double wallMillis(Path configDir) throws IOException {
        String[] times = Files.readString(configDir.resolve("bench-wall")).trim().split(" ");
        return (Double.parseDouble(times[1]) - Double.parseDouble(times[0])) * 1000;
    }
}
