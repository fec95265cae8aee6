package dev.baton.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * Figure 9: the same real-CLI turns run bare by this driver and as task executions through Baton, batch after batch
 * on the same machine in one run, so that whatever else the machine does weighs on both alike.
 */
final class SideBySide {

    static final double TARGET_SHARE = 90;
    private static final int SLOTS = 8;

    private SideBySide() {
    }

    static void run(BatonNode node, Database db, Report report, boolean quick, SessionOverhead.Direct direct)
            throws Exception {
        int turns = quick ? 16 : 40;
        // Two rounds moved the ratio by up to 6 points from run to run (the CLI's own CPU varies with what else the
        // machine does); four narrow that, for about a minute more.
        int rounds = quick ? 1 : 4;
        Report.Section section = report.section("9. Real-CLI throughput, bare and through Baton");
        section.note("Batches of " + turns + " turns of the real CLI against the stub API, " + SLOTS + " at a time, "
                + "alternating " + rounds + " time(s): bare = this driver runs `bench-claude -p --output-format "
                + "stream-json --verbose --model real` with the prompt on stdin, a fresh config and working directory "
                + "and Baton's child environment, 8 processes at once (start of the first → exit of the last); "
                + "through Baton = " + turns + " `POST /api/v1/tasks/{id}/execute` (async, 202) to a node with "
                + "`BATON_CLAUDE_MAX_CONCURRENT=" + SLOTS + "` whose task runs the same command (first request → "
                + "last `completedAt`). The JIT is warm from the figures before. CPU per execution comes from "
                + "`/proc` over Baton's batches. Then one more batch through Baton runs under a flight recording, "
                + "unmeasured, for the profile below.");
        String taskId = Load.createTask(node.http(), "real");
        double bareSeconds = 0;
        double batonSeconds = 0;
        double bareCli = 0;
        CpuSplit bareCpu = null;
        CpuSplit cpu = null;
        long driver = ProcessHandle.current().pid();
        for (int round = 0; round < rounds; round++) {
            CpuSplit.Mark bareMark = CpuSplit.mark(node);
            double reapedBefore = Proc.cpu(driver).children();
            bareSeconds += bare(direct, turns, round);
            bareCli += Proc.cpu(driver).children() - reapedBefore;
            CpuSplit bareBatch = CpuSplit.since(bareMark, node);
            bareCpu = bareCpu == null ? bareBatch : bareCpu.plus(bareBatch);
            CpuSplit.Mark mark = CpuSplit.mark(node);
            batonSeconds += throughBaton(node, db, taskId, turns);
            CpuSplit batch = CpuSplit.since(mark, node);
            cpu = cpu == null ? batch : cpu.plus(batch);
        }
        int total = turns * rounds;
        double bareRate = total / bareSeconds;
        double batonRate = total / batonSeconds;
        section.row("bare: turns per second", Report.format(bareRate) + " /s");
        section.row("through Baton: turns per second", Report.format(batonRate) + " /s");
        section.atLeast("through Baton ÷ bare", batonRate / bareRate * 100, TARGET_SHARE, " %");
        double batonPer = cpu.baton() / total * 1000;
        double cliPer = cpu.cli() / total * 1000;
        section.row("CPU per execution: Baton JVM / CLI / PostgreSQL", Report.ms(batonPer) + " / " + Report.ms(cliPer)
                + " / " + Report.ms(cpu.database() / total * 1000));
        section.row("CLI CPU per turn, bare (reaped by this driver)", Report.ms(bareCli / total * 1000));
        section.row("Baton JVM CPU by thread kind", cpu.batonThreadShares());
        // The bare CLIs are this driver's children, so they count as "other processes" in the first split.
        section.row("machine CPU during the bare batches", bareCpu.describe());
        section.row("machine CPU during the batches through Baton", cpu.describe());
        section.atMost("Baton CPU ÷ CLI CPU per real-CLI execution", batonPer / cliPer * 100, 10, " %");

        Path jfrFile = java.nio.file.Files.createDirectories(direct.runDir().resolve("jfr")).resolve("side-by-side.jfr");
        Jfr.start(node.pid());
        CpuSplit.Mark mark = CpuSplit.mark(node);
        throughBaton(node, db, taskId, turns);
        CpuSplit profiled = CpuSplit.since(mark, node);
        Jfr.stop(node.pid(), jfrFile);
        Throughput.profile(section, Jfr.summarize(jfrFile, 12), profiled, "a batch of " + turns + " real-CLI executions");
    }

    /** Seconds from the first start to the last exit. */
    private static double bare(SessionOverhead.Direct direct, int turns, int round) {
        long t0 = System.nanoTime();
        List<Load.Timed> runs = Load.closedLoop(SLOTS, turns, i -> {
            try {
                SessionOverhead.runDirect(direct, "real", "side-by-side-" + round + "-" + i);
                return true;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        });
        if (Load.failures(runs) > 0) {
            throw new IllegalStateException(Load.failures(runs) + " bare CLI runs failed");
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    /** Seconds from the first request to the last {@code completedAt}. */
    private static double throughBaton(BatonNode node, Database db, String taskId, int turns)
            throws SQLException, TimeoutException {
        Http http = node.http();
        long completedBefore = db.executionsWithStatus(taskId, "COMPLETED");
        Instant first = Instant.now();
        List<Load.Timed> submitted = Load.closedLoop(SLOTS, turns,
                i -> http.post("/api/v1/tasks/" + taskId + "/execute", Map.of()).status() == 202);
        if (Load.failures(submitted) > 0) {
            throw new IllegalStateException(Load.failures(submitted) + " executes were not accepted");
        }
        db.awaitNoUnfinished(Duration.ofMinutes(10));
        long completed = db.executionsWithStatus(taskId, "COMPLETED") - completedBefore;
        if (completed != turns) {
            throw new IllegalStateException("only " + completed + " of " + turns + " executions completed");
        }
        long firstMicros = first.getEpochSecond() * 1_000_000L + first.getNano() / 1000;
        return (db.lastCompletedMicros(taskId) - firstMicros) / 1e6;
    }
}
