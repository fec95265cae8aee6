package dev.baton.bench;

import dev.baton.testing.StubAnthropicApi;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Baton's benchmark: a command, not a test. It starts Baton as separate JVMs (see {@link BatonNode}), drives each
 * scenario over HTTP and WebSocket from this JVM, prints a table and writes {@code BENCHMARKS.md}.
 *
 * <p>Run it with {@code ./mvnw -Pbenchmark verify}; {@code -Dbenchmark.quick=true} runs fewer iterations.
 * System properties: {@code benchmark.quick}, {@code benchmark.output} (the Markdown file),
 * {@code benchmark.only} (figure numbers to run, e.g. {@code 8,9}; the report then goes to {@code target/benchmark}),
 * {@code benchmark.keep} (keep the run directory with logs and data), {@code baton.test.claude-cli} (the
 * pinned CLI, which the Maven profile passes).
 */
public final class Benchmark {

    /** The stub's key: not a real one, and like any key Baton passes it to the CLI and nowhere else. */
    private static final String API_KEY = "sk-ant-bench-not-a-real-key";

    private final Config config;
    private final Report report = new Report();
    private final List<BatonNode> nodes = new ArrayList<>();
    private StubAnthropicApi stub;

    private Benchmark(Config config) {
        this.config = config;
    }

    /** Paths and switches of one run. */
    record Config(boolean quick, Path repository, Path output, Path benchClaude, Path realCli, Path runDir,
            boolean keep, Set<String> only) {

        /** Whether the figure that starts {@code title} ("8. Waiting turns" is figure 8) is to run. */
        boolean runs(String title) {
            return only.isEmpty() || only.contains(title.substring(0, Math.max(0, title.indexOf('.'))));
        }

        static Config fromSystemProperties() throws IOException {
            Path repository = Path.of(System.getProperty("user.dir"));
            String cli = System.getProperty("baton.test.claude-cli");
            if (cli == null || !Files.isExecutable(Path.of(cli))) {
                throw new IllegalStateException("baton.test.claude-cli must name the pinned CLI, was " + cli);
            }
            Set<String> only = Arrays.stream(System.getProperty("benchmark.only", "").split(","))
                    .map(String::strip).filter(f -> !f.isEmpty()).collect(Collectors.toSet());
            Path output = Path.of(System.getProperty("benchmark.output", repository.resolve("BENCHMARKS.md").toString()));
            if (!only.isEmpty() && output.equals(repository.resolve("BENCHMARKS.md"))) {
                // A partial run must not replace the full report.
                output = Files.createDirectories(repository.resolve("target/benchmark")).resolve("BENCHMARKS-partial.md");
            }
            return new Config(Boolean.getBoolean("benchmark.quick"), repository, output,
                    repository.resolve("src/test/scripts/bench-claude"), Path.of(cli),
                    Files.createTempDirectory("baton-bench-").toRealPath(), Boolean.getBoolean("benchmark.keep"), only);
        }
    }

    public static void main(String[] args) throws Exception {
        Benchmark benchmark = new Benchmark(Config.fromSystemProperties());
        Thread cleanup = new Thread(benchmark::stopAll, "benchmark-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        boolean ok = benchmark.run();
        System.exit(ok ? 0 : 1);
    }

    private boolean run() throws IOException {
        long started = System.nanoTime();
        boolean ok = true;
        Machine machine = Machine.describe(config.repository());
        header(machine);
        stub = StubAnthropicApi.start();
        try {
            ok = phases();
        } catch (Exception e) {
            ok = false;
            report.section("Run aborted").note("**The run stopped early:** `" + e + "`. The figures above are "
                    + "from before it stopped.");
            e.printStackTrace();
        } finally {
            stopAll();
            double minutes = (System.nanoTime() - started) / 60e9;
            report.header("");
            report.header(String.format(Locale.ROOT, "The whole run took %.1f min.", minutes));
        }
        String markdown = report.markdown();
        Files.writeString(config.output(), markdown);
        System.out.println(report.table());
        System.out.println("\nWrote " + config.output());
        if (config.keep()) {
            System.out.println("Kept the run directory " + config.runDir());
        } else {
            deleteTree(config.runDir());
        }
        return ok;
    }

    private boolean phases() throws Exception {
        Path dataDir = config.runDir().resolve("data");
        boolean quick = config.quick();

        Duration coldStart = null;
        if (config.runs("7.")) {
            BatonNode cold = start("cold", dataDir, 8);
            coldStart = cold.awaitReady(Duration.ofMinutes(3));
            cold.stop();
            nodes.remove(cold);
        }

        BatonNode node = start("main", dataDir, 8);
        Duration warmStart = node.awaitReady(Duration.ofMinutes(3));
        if (coldStart != null) {
            Startup.report(report, node, coldStart, warmStart);
        }

        boolean ok = true;
        try (Database db = Database.connect(node)) {
            ok &= phase("1. Execute accepted", node, () -> ExecuteLatency.run(node, db, report, quick));
            ok &= phase("2. Orchestration overhead", node, () -> Overhead.run(node, db, report, quick));
            Path profile = Files.createDirectories(config.repository().resolve("target/benchmark"))
                    .resolve("throughput.jfr");
            ok &= phase("3. Throughput", node, () -> Throughput.run(node, db, report, quick, 8, profile));
            ok &= phase("4. Streaming latency", node, () -> StreamingLatency.run(node, report, quick));
            ok &= phase("5. Session overhead", node, () -> SessionOverhead.run(node, report, quick,
                    direct()));
            ok &= phase("8. Waiting turns", node, () -> WaitingTurns.run(node, stub, report, quick));
            ok &= phase("9. Real-CLI throughput", node, () -> SideBySide.run(node, db, report, quick, direct()));
            ok &= phase("10. Conversation storage", node, () -> ConversationStorage.run(node, db, stub, report, quick));
        }
        node.stop();
        nodes.remove(node);

        if (config.runs("3.") || config.runs("6.")) {
            // A second node for the phases that need many CLI slots; the same data directory, so a warm start.
            int wide = 256;
            BatonNode wideNode = start("wide", dataDir, wide);
            wideNode.awaitReady(Duration.ofMinutes(3));
            try (Database db = Database.connect(wideNode)) {
                ok &= phase("3. Throughput (" + wide + ")", wideNode,
                        () -> Throughput.run(wideNode, db, report, quick, wide, null));
                ok &= phase("6. Concurrency", wideNode, () -> Concurrency.run(wideNode, report, wide));
            }
            wideNode.stop();
            nodes.remove(wideNode);
        }

        if (config.runs(Soak.TITLE)) {
            ok &= Soak.run(report, quick, env -> start("soak", config.runDir().resolve("soak"), 8, env));
        }

        if (config.runs("1.")) {
            // Last, because the workflows it accepts are never run and stay queued in the database.
            BatonNode apiNode = start("api", dataDir, 8, Map.of("BATON_ROLES", "api"));
            apiNode.awaitReady(Duration.ofMinutes(3));
            ok &= phase("1. Execute accepted, api-only node", apiNode,
                    () -> AcceptLatency.run(apiNode, report, quick));
            apiNode.stop();
            nodes.remove(apiNode);
        }
        return ok;
    }

    interface Phase {
        void run() throws Exception;
    }

    private boolean phase(String title, BatonNode node, Phase phase) {
        if (!config.runs(title)) {
            return true;
        }
        System.out.println("[benchmark] " + title);
        try {
            CpuSplit.Mark mark = CpuSplit.mark(node);
            phase.run();
            // Other work on the machine slows every figure down; say how much there was.
            report.lastSection().row("machine CPU over this scenario (share of all cores)",
                    CpuSplit.since(mark, node).describe());
            return true;
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            report.section(title + " — FAILED").note("**This scenario failed:** `" + e + "`");
            return false;
        }
    }

    private BatonNode start(String name, Path dataDir, int maxConcurrent) throws IOException {
        return start(name, dataDir, maxConcurrent, Map.of());
    }

    private BatonNode start(String name, Path dataDir, int maxConcurrent, Map<String, String> extra)
            throws IOException {
        Map<String, String> environment = new HashMap<>(extra);
        environment.put("ANTHROPIC_BASE_URL", stub.baseUrl());
        environment.put("ANTHROPIC_API_KEY", API_KEY);
        BatonNode node = BatonNode.start(name, config.runDir(), dataDir, config.benchClaude(), maxConcurrent,
                cliEnvironment(), environment);
        nodes.add(node);
        return node;
    }

    /** How the driver runs the CLI itself, the way Baton would. */
    private SessionOverhead.Direct direct() throws IOException {
        return new SessionOverhead.Direct(config.benchClaude(), config.runDir(), cliEnvironment(), stub.baseUrl(),
                API_KEY);
    }

    /** What every CLI process gets on top of Baton's own child environment ({@code baton.claude.environment}). */
    private Map<String, String> cliEnvironment() throws IOException {
        Map<String, String> env = new HashMap<>();
        // A home of its own: the real CLI's Bash tool snapshots the login shell, and this machine's dotfiles are
        // not what is measured. The temp directory keeps the CLI's socket files inside the run directory.
        env.put("HOME", Files.createDirectories(config.runDir().resolve("cli-home")).toString());
        env.put("TMPDIR", Files.createDirectories(config.runDir().resolve("cli-tmp")).toString());
        env.put("BENCH_REAL_CLI", config.realCli().toString());
        env.put("BENCH_STREAM_LINES", Integer.toString(StreamingLatency.LINES_PER_TURN));
        return env;
    }

    private void header(Machine machine) {
        report.header("# Baton benchmarks");
        report.header("");
        report.header("Written by `./mvnw -Pbenchmark verify`" + (config.quick() ? " in **quick mode** "
                + "(`-Dbenchmark.quick=true`: fewer iterations, so the tails are rough)" : "")
                + "; do not edit by hand. Every figure below comes from this one run, measured side by side.");
        report.header("");
        report.header("| | |");
        report.header("| --- | --- |");
        report.header("| date | " + machine.date() + " |");
        report.header("| machine | " + machine.cores() + " cores, " + machine.cpuModel() + ", "
                + Report.format(machine.memoryBytes() / Math.pow(1024, 3)) + " GiB memory |");
        report.header("| JDK | " + machine.jdk() + " (driver and Baton, default JVM options) |");
        report.header("| revision | " + machine.revision() + " |");
        report.header("| Baton | its own JVM (`dev.baton.BatonApplication` from the test classpath), embedded "
                + "PostgreSQL and embedded Temporal test server, fresh data directory |");
        report.header("| CLI | `src/test/scripts/bench-claude`: built-in no-op, streaming and sleeping turns, "
                + "or the pinned Claude CLI against the stub Anthropic API in the driver JVM |");
    }

    private synchronized void stopAll() {
        for (BatonNode node : List.copyOf(nodes)) {
            node.stop();
        }
        nodes.clear();
        if (stub != null) {
            stub.close();
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
