package dev.baton.claude;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parses and classifies the real output of CLI 2.1.330 recorded in {@code claude-cli-samples/}
 * ({@code summary.tsv} lists each case's exit code and result fields).
 */
class RecordedCliOutputTest {

    /** Every recorded case that did not succeed, and how Baton must classify it. */
    private static final Map<String, FailureType> EXPECTED_FAILURES = Map.ofEntries(
            Map.entry("error_401", FailureType.AUTHENTICATION),
            Map.entry("no_credentials", FailureType.MISSING_CREDENTIALS),
            Map.entry("error_400", FailureType.BAD_REQUEST),
            Map.entry("max_tokens_stop", FailureType.BAD_REQUEST),
            Map.entry("error_429", FailureType.RATE_LIMITED),
            Map.entry("error_500", FailureType.SERVER_ERROR),
            Map.entry("server_down", FailureType.SERVER_ERROR),
            Map.entry("hang_api_timeout", FailureType.SERVER_ERROR),
            Map.entry("error_529", FailureType.OVERLOADED),
            Map.entry("error_529_json", FailureType.OVERLOADED),
            Map.entry("stream_error", FailureType.OVERLOADED),
            Map.entry("max_turns", FailureType.MAX_TURNS),
            Map.entry("resume_unknown_stream", FailureType.INVALID_CONFIGURATION),
            Map.entry("resume_unknown_json", FailureType.INVALID_CONFIGURATION),
            Map.entry("tool_bypass_as_root_refused", FailureType.INVALID_CONFIGURATION),
            Map.entry("stream_json_needs_verbose", FailureType.INVALID_CONFIGURATION),
            Map.entry("bad_output_format", FailureType.INVALID_CONFIGURATION));

    record Case(String name, int exitCode, String subtype, String isError, String terminalReason, String numTurns) {

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Case> recordedCases() {
        return summary().stream().filter(c -> Files.exists(samples().resolve(c.name() + ".jsonl")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("recordedCases")
    void everyRecordedCaseParsesAndIsClassifiedAsTheCliReported(Case sample) {
        TurnTracker tracker = new TurnTracker();
        List<ClaudeEvent> events = replay(sample.name(), tracker);
        ClaudeOutcome outcome = tracker.outcome(sample.exitCode(), stderr(sample.name()), null);

        assertThat(outcome.exitCode()).isEqualTo(sample.exitCode());
        if (sample.subtype().isEmpty()) {
            assertThat(outcome.result()).isNull();
        } else {
            ResultEvent result = outcome.result();
            assertThat(result.subtype()).isEqualTo(sample.subtype());
            assertThat(result.isError()).isEqualTo(Boolean.parseBoolean(sample.isError()));
            assertThat(result.numTurns()).isEqualTo(Integer.parseInt(sample.numTurns()));
            assertThat(result.terminalReason()).isEqualTo(sample.terminalReason().isEmpty() ? null
                    : sample.terminalReason());
            assertThat(events).last().isSameAs(result);
        }
        FailureType expected = EXPECTED_FAILURES.get(sample.name());
        if (expected == null) {
            assertThat(outcome.succeeded()).as("%s should succeed: %s", sample, outcome.failure()).isTrue();
        } else {
            assertThat(outcome.failure()).isNotNull();
            assertThat(outcome.failure().type()).isEqualTo(expected);
            assertThat(outcome.failure().message()).isNotBlank();
            assertThat(outcome.failure().cliMessage()).as("the CLI's own words").isNotBlank();
        }
    }

    @Test
    void everyRecordedOutputFileIsCoveredBySummary() throws IOException {
        List<String> listed = summary().stream().map(Case::name).toList();
        try (Stream<Path> files = Files.list(samples())) {
            List<String> recorded = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.endsWith(".jsonl"))
                    .map(n -> n.substring(0, n.length() - ".jsonl".length()))
                    .toList();
            assertThat(recorded).hasSizeGreaterThan(40);
            assertThat(listed).containsAll(recorded);
        }
        assertThat(listed).containsAll(EXPECTED_FAILURES.keySet());
    }

    @Test
    void textTurnYieldsInitAssistantTextAndResult() {
        List<ClaudeEvent> events = replay("text_stream_json", new TurnTracker());

        assertThat(events).extracting(ClaudeEvent::type).containsExactly("system", "assistant", "result");
        SystemEvent init = (SystemEvent) events.getFirst();
        assertThat(init.subtype()).isEqualTo("init");
        assertThat(init.sessionId()).isNotBlank();
        assertThat(events.get(1).text()).isEqualTo("Echo: hello world");
        assertThat(events.get(2).text()).isEqualTo("Echo: hello world");
    }

    @Test
    void toolTurnExposesToolNameToolResultAndExactCost() {
        List<ClaudeEvent> events = replay("tool_bash_echo", new TurnTracker());

        AssistantEvent toolUse = events.stream().filter(e -> e.toolName() != null)
                .map(AssistantEvent.class::cast).findFirst().orElseThrow();
        assertThat(toolUse.toolName()).isEqualTo("Bash");
        assertThat(toolUse.toolInput().path("command").asString()).isEqualTo("echo hi");
        UserEvent toolResult = events.stream().filter(UserEvent.class::isInstance).map(UserEvent.class::cast)
                .findFirst().orElseThrow();
        assertThat(toolResult.text()).isEqualTo("hi");
        assertThat(toolResult.toolResultError()).isFalse();

        ResultEvent result = (ResultEvent) events.getLast();
        assertThat(result.text()).isEqualTo("The command printed: hi");
        assertThat(result.numTurns()).isEqualTo(2);
        assertThat(result.totalCostUsd()).isEqualByComparingTo(new BigDecimal("0.10077599999999999"));
        assertThat(result.usage().path("input_tokens").asInt()).isEqualTo(24909);
        assertThat(result.usage().path("output_tokens").asInt()).isEqualTo(57);
        assertThat(result.sessionId()).isEqualTo(events.getFirst().raw().path("session_id").asString());
    }

    @Test
    void thinkingBlocksAreNotPartOfTheText() {
        List<String> texts = replay("thinking", new TurnTracker()).stream()
                .filter(AssistantEvent.class::isInstance).map(ClaudeEvent::text).filter(Objects::nonNull).toList();

        assertThat(texts).containsExactly("Thought, then answered: think first");
    }

    @Test
    void deniedToolIsReportedBySystemLineAndErrorToolResult() {
        List<ClaudeEvent> events = replay("tool_bash_denied", new TurnTracker());

        SystemEvent denial = events.stream().filter(SystemEvent.class::isInstance).map(SystemEvent.class::cast)
                .filter(s -> "permission_denied".equals(s.subtype())).findFirst().orElseThrow();
        assertThat(denial.toolName()).isEqualTo("Bash");
        assertThat(denial.text()).contains("needs approval");
        assertThat(events).filteredOn(UserEvent.class::isInstance)
                .singleElement().satisfies(e -> assertThat(((UserEvent) e).toolResultError()).isTrue());
    }

    @Test
    void apiErrorArrivesAsSyntheticAssistantLine() {
        List<ClaudeEvent> events = replay("error_401", new TurnTracker());

        AssistantEvent apiError = (AssistantEvent) events.get(1);
        assertThat(apiError.apiErrorMessage()).isTrue();
        assertThat(apiError.error()).isEqualTo("authentication_failed");
        assertThat(apiError.apiErrorStatus()).isEqualTo(401);
        ResultEvent result = (ResultEvent) events.getLast();
        assertThat(result.subtype()).isEqualTo("success");
        assertThat(result.isError()).isTrue();
        assertThat(result.apiErrorStatus()).isEqualTo(401);
    }

    @Test
    void maxTurnsReportsTurnsAndErrorsButNoResultText() {
        TurnTracker tracker = new TurnTracker();
        replay("max_turns", tracker);

        ClaudeOutcome outcome = tracker.outcome(1, "", null);
        assertThat(outcome.result().numTurns()).isEqualTo(3);
        assertThat(outcome.result().result()).isNull();
        assertThat(outcome.result().errors()).containsExactly("Reached maximum number of turns (2)");
        assertThat(outcome.failure().message()).isEqualTo(FailureType.MAX_TURNS.summary()).contains("raise maxTurns");
        assertThat(outcome.failure().cliMessage()).isEqualTo("Reached maximum number of turns (2)");
        assertThat(outcome.failure().retryable()).isFalse();
    }

    @Test
    void missingCredentialsSayWhatToSetAndKeepTheCliText() {
        TurnTracker tracker = new TurnTracker();
        replay("no_credentials", tracker);

        ClaudeFailure failure = tracker.outcome(1, "", null).failure();
        assertThat(failure.type()).isEqualTo(FailureType.MISSING_CREDENTIALS);
        assertThat(failure.message()).contains("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN")
                .doesNotContain("/login");
        assertThat(failure.cliMessage()).isEqualTo("Not logged in · Please run /login");
        assertThat(failure.apiStatus()).isNull();
        assertThat(failure.retryable()).isFalse();
    }

    @Test
    void aRejectedKeyCarriesTheApiStatusBesideBatonsSentence() {
        TurnTracker tracker = new TurnTracker();
        replay("error_401", tracker);

        ClaudeFailure failure = tracker.outcome(1, "", null).failure();
        assertThat(failure.type()).isEqualTo(FailureType.AUTHENTICATION);
        assertThat(failure.message()).isEqualTo(FailureType.AUTHENTICATION.summary()).contains("ANTHROPIC_API_KEY");
        assertThat(failure.apiStatus()).isEqualTo(401);
        assertThat(failure.cliMessage()).isNotBlank().isNotEqualTo(failure.message());
    }

    @Test
    void unknownResumeIdIsExplainedByTheCliErrors() {
        TurnTracker tracker = new TurnTracker();
        replay("resume_unknown_stream", tracker);

        ClaudeFailure failure = tracker.outcome(1, stderr("resume_unknown_stream"), null).failure();
        assertThat(failure.cliMessage()).contains("No conversation found with session ID");
    }

    @Test
    void anInterruptedTurnIsNotASuccess() {
        // SIGINT ends the CLI with exit 0 but no result line: the turn did not finish.
        ClaudeOutcome outcome = new TurnTracker().outcome(0, "", null);

        assertThat(outcome.failure().type()).isEqualTo(FailureType.CLI_CRASHED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"text_plain.txt", "error_529_text.txt"})
    void plainTextOutputIsNotAnEvent(String file) {
        for (String line : lines(samples().resolve(file))) {
            assertThat(ClaudeStreamParser.parse(line)).isNull();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "42", "[{\"type\":\"result\"}]", "{\"type\":\"result\"", "null"})
    void linesThatAreNotJsonObjectsAreSkipped(String line) {
        assertThat(ClaudeStreamParser.parse(line)).isNull();
    }

    @Test
    void unknownLineTypesAreKeptRaw() {
        ClaudeEvent event = ClaudeStreamParser.parse("{\"type\":\"stream_event\",\"event\":{\"type\":\"ping\"}}");

        assertThat(event).isInstanceOf(OtherEvent.class);
        assertThat(event.type()).isEqualTo("stream_event");
        assertThat(event.raw().path("event").path("type").asString()).isEqualTo("ping");
    }

    private static List<ClaudeEvent> replay(String name, TurnTracker tracker) {
        List<ClaudeEvent> events = new ArrayList<>();
        for (String line : lines(samples().resolve(name + ".jsonl"))) {
            ClaudeEvent event = ClaudeStreamParser.parse(line);
            assertThat(event).as("line of %s parses: %s", name, line).isNotNull();
            tracker.accept(line, event);
            events.add(event);
        }
        return events;
    }

    private static String stderr(String name) {
        Path file = samples().resolve(name + ".stderr.txt");
        return Files.exists(file) ? String.join("\n", lines(file)) : "";
    }

    private static List<Case> summary() {
        return lines(samples().resolve("summary.tsv")).stream().skip(1).filter(l -> !l.isBlank())
                .map(l -> l.split("\t", -1))
                .map(f -> new Case(f[0], Integer.parseInt(f[1]), f[2], f[3], f[4], f[5]))
                .toList();
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path samples() {
        try {
            return Path.of(Objects.requireNonNull(RecordedCliOutputTest.class.getResource("/claude-cli-samples"))
                    .toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
