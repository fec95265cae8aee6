package dev.baton.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@link ClaudeCli} against {@code src/test/scripts/fake-claude}, a scripted stand-in for the real CLI. */
class ClaudeCliTest {

    private static final Path FAKE_CLAUDE = Path.of("src/test/scripts/fake-claude").toAbsolutePath();

    @TempDir
    Path temp;

    private Path work;
    private Path config;
    private final List<ClaudeCli> clis = new ArrayList<>();
    private final List<ClaudeEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void directories() throws IOException {
        work = Files.createDirectories(temp.resolve("work"));
        config = temp.resolve("config");
    }

    @AfterEach
    void killLeftovers() {
        clis.forEach(ClaudeCli::cancelAll);
    }

    @Test
    void promptNeverReachesCommandLine() throws Exception {
        String prompt = "--help; rm -rf ~";
        ClaudeRequest request = new ClaudeRequest(prompt, work, config, null, "sonnet", PermissionMode.ACCEPT_EDITS,
                List.of("Bash", "Read"), List.of("Write"), 3, "Be brief", null);

        ClaudeOutcome outcome = cli(2).start(request, events::add).await();

        assertThat(outcome.succeeded()).isTrue();
        assertThat(Files.readAllLines(config.resolve("fake-claude-args.txt"))).containsExactly(
                "-p", "--output-format", "stream-json", "--verbose", "--model", "sonnet",
                "--permission-mode", "acceptEdits", "--allowedTools", "Bash,Read", "--disallowedTools", "Write",
                "--max-turns", "3", "--append-system-prompt", "Be brief");
        assertThat(Files.readString(config.resolve("fake-claude-stdin.txt"))).isEqualTo(prompt);
    }

    @Test
    void budgetBecomesMaxBudgetUsd() throws Exception {
        ClaudeRequest request = new ClaudeRequest("[[scenario:budget]]", work, config, null, null, null, null, null,
                null, null, null, new java.math.BigDecimal("0.050000"));

        ClaudeOutcome outcome = cli(2).start(request, events::add).await();

        assertThat(Files.readAllLines(config.resolve("fake-claude-args.txt"))).containsSequence("--max-budget-usd",
                "0.050000");
        assertThat(outcome.failure().type()).isEqualTo(FailureType.BUDGET_EXCEEDED);
        assertThat(outcome.failure().retryable()).isFalse();
        assertThat(outcome.result().totalCostUsd()).isPositive();
    }

    @Test
    void onlySetOptionsBecomeFlags() throws Exception {
        cli(2).start(request("hello"), events::add).await();

        assertThat(Files.readAllLines(config.resolve("fake-claude-args.txt")))
                .containsExactly("-p", "--output-format", "stream-json", "--verbose");
    }

    @Test
    void echoTurnSucceedsWithEventsInOrder() throws Exception {
        String prompt = "say \"hi\" \\ twice\nplease ✓";

        ClaudeOutcome outcome = cli(2).start(request(prompt), events::add).await();

        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.exitCode()).isZero();
        assertThat(outcome.result().result()).isEqualTo("Echo: " + prompt);
        assertThat(outcome.result().totalCostUsd()).isPositive();
        assertThat(events).extracting(ClaudeEvent::type).containsExactly("system", "assistant", "result");
        assertThat(events.getLast()).isSameAs(outcome.result());
        assertThat(events.getFirst().raw().path("cwd").asString()).isEqualTo(work.toString());
    }

    @Test
    void eventsAreDeliveredAsTheyArriveNotAtTheEnd() throws Exception {
        List<Long> arrivals = new CopyOnWriteArrayList<>();

        ClaudeOutcome outcome = cli(2).start(request("[[scenario:slow]]"), event -> {
            events.add(event);
            arrivals.add(System.nanoTime());
        }).await();

        assertThat(outcome.succeeded()).isTrue();
        assertThat(events).extracting(ClaudeEvent::text).containsSubsequence("part 1", "part 2", "part 3",
                "part 4", "part 5", "Slow reply in 5 parts");
        // The fake sleeps 0.2 s before each part; buffered delivery would bunch them together.
        Duration firstPartToResult = Duration.ofNanos(arrivals.getLast() - arrivals.get(1));
        assertThat(firstPartToResult).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }

    @Test
    void toolUseIsReportedWithItsName() throws Exception {
        ClaudeOutcome outcome = cli(2).start(request("[[scenario:tool]]"), events::add).await();

        assertThat(outcome.succeeded()).isTrue();
        assertThat(outcome.result().numTurns()).isEqualTo(2);
        assertThat(events).extracting(ClaudeEvent::toolName).contains("Bash");
        assertThat(events).filteredOn(UserEvent.class::isInstance).extracting(ClaudeEvent::text).containsExactly("hi");
        assertThat(outcome.result().result()).isEqualTo("The command printed: hi");
    }

    @ParameterizedTest
    @CsvSource({
        "error401, AUTHENTICATION, 401",
        "error429, RATE_LIMITED, 429",
        "error529, OVERLOADED, 529",
        "maxturns, MAX_TURNS, ",
    })
    void failedTurnsAreClassifiedFromTheStream(String scenario, FailureType type, Integer status) throws Exception {
        ClaudeOutcome outcome = cli(2).start(request("[[scenario:" + scenario + "]]"), events::add).await();

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.result()).isNotNull();
        assertThat(outcome.failure().type()).isEqualTo(type);
        assertThat(outcome.failure().apiStatus()).isEqualTo(status);
    }

    @Test
    void crashWithoutResultIsCliCrashedWithStderrTail() throws Exception {
        ClaudeOutcome outcome = cli(2).start(request("[[scenario:crash]]"), events::add).await();

        assertThat(outcome.exitCode()).isEqualTo(3);
        assertThat(outcome.result()).isNull();
        assertThat(outcome.failure().type()).isEqualTo(FailureType.CLI_CRASHED);
        assertThat(outcome.failure().retryable()).isTrue();
        assertThat(outcome.stderrTail()).contains("simulated crash");
        assertThat(outcome.failure().message()).contains("code 3").contains("retry");
        assertThat(outcome.failure().cliMessage()).contains("simulated crash");
        assertThat(events).extracting(ClaudeEvent::type).containsExactly("system", "assistant");
    }

    @Test
    void credentialsInStderrAreRedacted() throws Exception {
        String apiKey = "sk-ant-test-0123456789";
        ClaudeCli cli = track(new ClaudeCli(new ClaudeProperties(FAKE_CLAUDE.toString(), null, 1,
                Duration.ofSeconds(30), 2, Duration.ofSeconds(7), Map.of("ANTHROPIC_API_KEY", apiKey))));

        ClaudeOutcome outcome = cli.start(request("[[scenario:crash]]"), events::add).await();

        assertThat(outcome.stderrTail()).contains("api key [redacted]").doesNotContain(apiKey);
        assertThat(outcome.failure().cliMessage()).contains("[redacted]").doesNotContain(apiKey);
        assertThat(outcome.failure().message()).doesNotContain(apiKey);
    }

    @Test
    void rejectionOnStderrAloneIsInvalidConfiguration() throws Exception {
        ClaudeOutcome outcome = cli(2).start(request("[[scenario:stderr_only]]"), events::add).await();

        assertThat(outcome.failure().type()).isEqualTo(FailureType.INVALID_CONFIGURATION);
        assertThat(outcome.failure().message()).contains("refused to start");
        assertThat(outcome.failure().cliMessage()).contains("error: unknown option");
        assertThat(events).isEmpty();
    }

    @Test
    void linesThatAreNotJsonDoNotStopTheStream() throws Exception {
        ClaudeOutcome outcome = cli(2).start(request("[[scenario:noise]]"), events::add).await();

        assertThat(outcome.succeeded()).isTrue();
        assertThat(events).extracting(ClaudeEvent::type).containsExactly("system", "assistant", "result");
    }

    @Test
    void failingConsumerDoesNotStopTheStream() throws Exception {
        ClaudeOutcome outcome = cli(2).start(request("[[scenario:tool]]"), event -> {
            events.add(event);
            throw new IllegalStateException("consumer bug");
        }).await();

        assertThat(outcome.succeeded()).isTrue();
        assertThat(events).last().isSameAs(outcome.result());
    }

    @Test
    void aConsumerSlowerThanTheDrainGraceStillGetsTheResultOfAFinishedTurn() throws Exception {
        AtomicReference<ClaudeRun> started = new AtomicReference<>();
        ClaudeRun run = cli(2).start(request("hello"), event -> {
            if (events.isEmpty()) {
                await().atMost(Duration.ofSeconds(10)).until(() -> started.get() != null && !started.get().isAlive());
                // The consumer stands for one that stores messages in a database under load: it takes longer
                // than the 2 s the supervisor gives a reader whose CLI has exited.
                pause(Duration.ofSeconds(3));
            }
            events.add(event);
        });
        started.set(run);

        ClaudeOutcome outcome = run.await();

        assertThat(outcome.succeeded()).as("outcome: %s", outcome).isTrue();
        assertThat(events).extracting(ClaudeEvent::type).containsExactly("system", "assistant", "result");
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void timeoutKillsTheWholeProcessTree() throws Exception {
        ClaudeRequest request = new ClaudeRequest("[[scenario:hang]]", work, config, null, null, null, null, null,
                null, null, Duration.ofSeconds(1));
        ClaudeRun run = cli(2).start(request, events::add);
        List<ProcessHandle> tree = treeWithSleepingChild(run);

        ClaudeOutcome outcome = run.await();

        assertThat(outcome.failure().type()).isEqualTo(FailureType.TIMED_OUT);
        assertThat(outcome.failure().retryable()).isTrue();
        assertThat(tree).noneMatch(ProcessTree::isRunning);
        assertThat(run.isAlive()).isFalse();
    }

    @Test
    void cancelKillsTheWholeProcessTree() throws Exception {
        ClaudeRun run = cli(2).start(request("[[scenario:hang]]"), events::add);
        List<ProcessHandle> tree = treeWithSleepingChild(run);

        run.cancel();
        ClaudeOutcome outcome = run.await();

        assertThat(outcome.failure().type()).isEqualTo(FailureType.CANCELLED);
        assertThat(outcome.result()).isNull();
        assertThat(tree).noneMatch(ProcessTree::isRunning);
        assertThat(events).extracting(ClaudeEvent::type).containsExactly("system");
    }

    @Test
    void startBeyondCapacityIsRefusedUntilASlotFrees() throws Exception {
        ClaudeCli cli = cli(1);
        ClaudeRun hanging = cli.start(request("[[scenario:hang]]"), events::add);

        assertThatThrownBy(() -> cli.start(request("hello"), events::add))
                .isInstanceOfSatisfying(ClaudeCapacityException.class,
                        e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
        assertThat(cli.running()).isEqualTo(1);

        hanging.cancel();
        hanging.await();
        assertThat(cli.running()).isZero();
        assertThat(cli.start(request("hello"), events::add).await().succeeded()).isTrue();
    }

    @Test
    void missingCommandIsUnavailableAndTakesNoSlot() {
        Path missing = temp.resolve("no-such-claude");
        ClaudeCli cli = track(new ClaudeCli(properties(missing.toString(), 1)));

        assertThat(cli.available()).isFalse();
        assertThatThrownBy(() -> cli.start(request("hello"), events::add))
                .isInstanceOf(ClaudeUnavailableException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("BATON_CLAUDE_COMMAND");
        assertThat(cli.running()).isZero();
    }

    @Test
    void resumeWithKnownSessionIdContinuesTheSession() throws Exception {
        ClaudeCli cli = cli(2);
        ClaudeOutcome first = cli.start(request("first"), events::add).await();
        String sessionId = first.result().sessionId();

        ClaudeRequest resume = new ClaudeRequest("second", work, config, sessionId, null, null, null, null, null,
                null, null);
        ClaudeRun run = cli.start(resume, events::add);
        ClaudeOutcome second = run.await();

        assertThat(second.succeeded()).isTrue();
        assertThat(second.result().sessionId()).isEqualTo(sessionId);
        assertThat(run.sessionId()).isEqualTo(sessionId);
        assertThat(Files.readAllLines(config.resolve("fake-claude-args.txt"))).containsSequence("--resume",
                sessionId);
    }

    @Test
    void resumeWithUnknownSessionIdIsInvalidConfiguration() throws Exception {
        ClaudeCli cli = cli(2);
        cli.start(request("first"), events::add).await();

        ClaudeRequest resume = new ClaudeRequest("second", work, config, "00000000-0000-4000-8000-000000000000",
                null, null, null, null, null, null, null);
        ClaudeOutcome outcome = cli.start(resume, events::add).await();

        assertThat(outcome.failure().type()).isEqualTo(FailureType.INVALID_CONFIGURATION);
        assertThat(outcome.failure().cliMessage())
                .isEqualTo("No conversation found with session ID: 00000000-0000-4000-8000-000000000000");
    }

    @Test
    void configuredEnvironmentReachesTheChild() throws Exception {
        Path otherConfig = temp.resolve("from-properties");
        ClaudeCli cli = track(new ClaudeCli(new ClaudeProperties(FAKE_CLAUDE.toString(), null, 1,
                Duration.ofSeconds(30), 2, Duration.ofSeconds(7), Map.of("CLAUDE_CONFIG_DIR", otherConfig.toString()))));

        cli.start(request("hello"), events::add).await();

        // Properties apply last, so they can even move the config directory.
        assertThat(otherConfig.resolve("fake-claude-stdin.txt")).hasContent("hello");
    }

    /**
     * Waits until the fake's {@code sleep} child exists, and returns the CLI with all its descendants.
     * "Running" ignores zombies: an exited process whose parent has not reaped it yet holds nothing.
     */
    private static List<ProcessHandle> treeWithSleepingChild(ClaudeRun run) {
        ProcessHandle cli = ProcessHandle.of(run.pid()).orElseThrow();
        await().atMost(Duration.ofSeconds(5)).until(() -> cli.descendants().anyMatch(ClaudeCliTest::isSleep));
        List<ProcessHandle> tree = Stream.concat(Stream.of(cli), cli.descendants()).toList();
        assertThat(tree).allMatch(ProcessTree::isRunning);
        return tree;
    }

    @Test
    void aToolCommandLeftByACliThatCrashedAtOnceDiesWithTheRun() throws Exception {
        // The fake starts "sleep 600" in the background and exits 3 within milliseconds: before any look at its
        // descendants, so only the run's environment marker can still find the re-parented sleep.
        ClaudeOutcome outcome = cli(2).start(request("[[scenario:crash_once]]"), events::add).await();

        assertThat(outcome.failure().type()).isEqualTo(FailureType.CLI_CRASHED);
        assertThat(sleepsOfThisTest()).as("the crashed CLI's tool command").isEmpty();
    }

    /** Sleeps whose CLAUDE_CONFIG_DIR is this test's: found through /proc, wherever they were re-parented. */
    private List<ProcessHandle> sleepsOfThisTest() {
        String marker = "CLAUDE_CONFIG_DIR=" + config;
        return ProcessHandle.allProcesses().filter(ClaudeCliTest::isSleep).filter(ProcessTree::isRunning)
                .filter(p -> {
                    try {
                        return new String(Files.readAllBytes(Path.of("/proc", Long.toString(p.pid()), "environ")))
                                .contains(marker + "\0");
                    } catch (IOException e) {
                        return false;
                    }
                }).toList();
    }

    private static boolean isSleep(ProcessHandle process) {
        return process.info().command().map(c -> c.endsWith("/sleep")).orElse(false);
    }

    private ClaudeRequest request(String prompt) {
        return ClaudeRequest.of(prompt, work, config);
    }

    private ClaudeCli cli(int maxConcurrent) {
        return track(new ClaudeCli(properties(FAKE_CLAUDE.toString(), maxConcurrent)));
    }

    private ClaudeCli track(ClaudeCli cli) {
        clis.add(cli);
        return cli;
    }

    private static ClaudeProperties properties(String command, int maxConcurrent) {
        return new ClaudeProperties(command, null, maxConcurrent, Duration.ofSeconds(30), 2, Duration.ofSeconds(7),
                Map.of());
    }


    @Test
    void anApproverAsksTheCliForToolCallsOnStdinAndOnlyThen() {
        ClaudeRequest plain = ClaudeRequest.of("hi", work, config);

        assertThat(ClaudeCli.arguments("claude", plain)).doesNotContain("--input-format", "--permission-prompt-tool");
        assertThat(ClaudeCli.arguments("claude", plain.withApprover((call, answer) -> { })))
                .containsSubsequence("--input-format", "stream-json")
                .containsSubsequence("--permission-prompt-tool", "stdio")
                .doesNotContain("hi");
    }
}
