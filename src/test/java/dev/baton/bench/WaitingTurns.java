package dev.baton.bench;

import dev.baton.testing.StubAnthropicApi;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * Figure 8: what Baton spends while real turns wait on the model, which is most of a real turn's life. The stub
 * holds every answer before its first byte, as a model that thinks for half a minute does; the real CLI runs.
 */
final class WaitingTurns {

    /** Target: Baton's own CPU per second of each waiting turn. */
    static final double TARGET_MS_PER_SECOND = 1.0;

    private static final Executor CLIENTS = Executors.newVirtualThreadPerTaskExecutor();

    private WaitingTurns() {
    }

    private record Kind(String label, Supplier<String> prepare, Request request) {
    }

    interface Request {
        Http.Answer send(Http http, String target);
    }

    static void run(BatonNode node, StubAnthropicApi stub, Report report, boolean quick) throws TimeoutException {
        Duration hold = Duration.ofSeconds(30);
        Report.Section section = report.section("8. Waiting turns");
        section.note("The stub API holds every answer " + hold.toSeconds() + " s before its first byte; the real "
                + "pinned CLI runs each turn. Once the stub has received every turn's request, so that each CLI only "
                + "waits, Baton's CPU is read over the rest of the hold minus 2 s from the kernel's on-CPU time of "
                + "each of its threads (`/proc/<pid>/task/*/schedstat`, nanoseconds, sampled 4 times a second so "
                + "that threads which exit keep their time; the 10 ms ticks of `/proc/<pid>/stat` are too coarse "
                + "for one turn), and the same for every CLI process. "
                + "Per waiting turn = (Baton's CPU per second − its idle CPU per second, measured just before each "
                + "case over 20 s with nothing running) ÷ turns, without the JIT compiler threads (the steady state, "
                + "as in figure 2) and with them. Before each case the driver first waits, up to a "
                + "minute, until Baton's CPU over 5 s is at most " + Report.format(SETTLED * 1000) + " ms/s, so that "
                + "the tail of the work before (runs archived as they close, the turns' bookkeeping) lands in neither "
                + "window. One turn of each kind runs first, unmeasured, its answer held " + WARM_UP_HOLD.toSeconds()
                + " s so that its heartbeats and progress reports run too. Session queries are concurrent sync "
                + "`POST /sessions/{id}/query`, task executions concurrent `executionMode: sync` executes (with their "
                + "Temporal heartbeats).");
        Http http = node.http();
        Kind sessions = new Kind("session queries", () -> Load.createSession(http, null),
                (h, id) -> h.post("/api/v1/sessions/" + id + "/query", Map.of("message", "wait for it")));
        String taskId = Load.createTask(http, "real");
        Kind executions = new Kind("task executions", () -> taskId,
                (h, id) -> h.post("/api/v1/tasks/" + id + "/execute", Map.of("executionMode", "sync")));
        // A waiting turn of each kind first, so that the code a turn runs is compiled before anything is measured:
        // long enough for heartbeats and a progress report, which a quick turn never reaches. Without it the first
        // case measured the JIT compiling that code (up to 3 ms/s).
        stub.holdAnswers(WARM_UP_HOLD);
        try {
            for (Kind kind : List.of(sessions, executions)) {
                kind.request().send(http, kind.prepare().get()).expect(200, kind.label() + " warm-up");
            }
        } finally {
            stub.holdAnswers(Duration.ZERO);
        }
        Duration idleWindow = Duration.ofSeconds(quick ? 10 : 20);
        stub.holdAnswers(hold);
        try {
            for (Kind kind : List.of(sessions, executions)) {
                for (int turns : List.of(1, 8)) {
                    settle(node);
                    CpuMeter.Reading idle = idleRate(node, idleWindow);
                    measure(node, stub, section, kind, turns, hold, idle);
                }
            }
        } finally {
            stub.holdAnswers(Duration.ZERO);
        }
    }

    /** Several heartbeat intervals (2 s by default) of a waiting turn. */
    private static final Duration WARM_UP_HOLD = Duration.ofSeconds(7);

    /** Baton's CPU, in seconds per second, below which it is taken to have finished the work before. */
    private static final double SETTLED = 0.008;

    private static void settle(BatonNode node) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        while (System.nanoTime() < deadline) {
            CpuMeter meter = CpuMeter.start(node.pid());
            BatonNode.pause(Duration.ofSeconds(5));
            if (meter.stop().perSecond() <= SETTLED) {
                return;
            }
        }
    }

    private static CpuMeter.Reading idleRate(BatonNode node, Duration window) {
        CpuMeter meter = CpuMeter.start(node.pid());
        BatonNode.pause(window);
        return meter.stop();
    }

    private static void measure(BatonNode node, StubAnthropicApi stub, Report.Section section, Kind kind, int turns,
            Duration hold, CpuMeter.Reading idle) throws TimeoutException {
        Http http = node.http();
        List<String> targets = new ArrayList<>();
        for (int i = 0; i < turns; i++) {
            targets.add(kind.prepare().get());
        }
        int before = stub.conversationRequests().size();
        long firstSent = System.nanoTime();
        List<CompletableFuture<Http.Answer>> answers = targets.stream()
                .map(t -> CompletableFuture.supplyAsync(() -> kind.request().send(http, t), CLIENTS)).toList();
        awaitRequests(stub, before + turns, hold, answers);
        // Every CLI now waits; the first one's answer comes hold after its request, which was after firstSent.
        long waitEnds = firstSent + hold.toNanos() - Duration.ofSeconds(2).toNanos();
        CpuMeter batonMeter = CpuMeter.start(node.pid());
        CpuMeter cliMeter = CpuMeter.start(() -> Proc.descendants(node.pid()));
        BatonNode.pause(Duration.ofNanos(Math.max(0, waitEnds - System.nanoTime())));
        CpuMeter.Reading baton = batonMeter.stop();
        CpuMeter.Reading cli = cliMeter.stop();
        for (CompletableFuture<Http.Answer> answer : answers) {
            answer.join().expect(200, kind.label());
        }
        // The target is on the steady state: compiling code that a turn reaches is warm-up, gone on a node that has
        // run for a while, and the trickle of rarely called methods that cross C1's threshold during the window
        // moved the figure by up to 3 ms/s between runs.
        double perTurn = Math.max(0, baton.perSecondWithoutJit() - idle.perSecondWithoutJit()) / turns * 1000;
        double perTurnWithJit = Math.max(0, baton.perSecond() - idle.perSecond()) / turns * 1000;
        double cliPerTurn = cli.perSecond() / turns * 1000;
        String label = kind.label() + ", " + turns + " waiting at once";
        section.atMost(label + ": Baton CPU per second of each waiting turn, without the JIT compiler threads",
                perTurn, TARGET_MS_PER_SECOND, " ms/s");
        section.row(label + ": the same with the JIT compiler threads", Report.format(perTurnWithJit) + " ms/s");
        section.row(label + ": Baton CPU per second, all of it", Report.format(baton.perSecond() * 1000)
                + " ms/s over " + Report.format(baton.wallSeconds()) + " s, JIT compiler threads "
                + Report.format(baton.jitSeconds() / baton.wallSeconds() * 1000) + " ms/s of it (idle just before: "
                + Report.format(idle.perSecond() * 1000) + " ms/s)");
        section.row(label + ": waiting CLI's CPU per second, each", Report.format(cliPerTurn) + " ms/s");
        section.atMost(label + ": Baton ÷ waiting CLI", cliPerTurn == 0 ? Double.NaN : perTurn / cliPerTurn * 100, 10,
                " %");
    }

    /** Until the stub has {@code count} requests; a turn that answers before its request arrived has failed. */
    private static void awaitRequests(StubAnthropicApi stub, int count, Duration atMost,
            List<CompletableFuture<Http.Answer>> answers) throws TimeoutException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (stub.conversationRequests().size() < count) {
            for (CompletableFuture<Http.Answer> answer : answers) {
                if (answer.isDone()) {
                    throw new IllegalStateException("a turn ended before the stub had every request: "
                            + answer.join());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("only " + stub.conversationRequests().size() + " of " + count
                        + " requests reached the stub API");
            }
            BatonNode.pause(Duration.ofMillis(50));
        }
    }
}
