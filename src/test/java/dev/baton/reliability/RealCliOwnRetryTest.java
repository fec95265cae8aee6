package dev.baton.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.claude.ClaudeCli;
import dev.baton.claude.ClaudeEvent;
import dev.baton.claude.ClaudeOutcome;
import dev.baton.claude.ClaudeProperties;
import dev.baton.claude.ClaudeRequest;
import dev.baton.claude.SystemEvent;
import dev.baton.testing.StubAnthropicApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The other half of "who retries a 429": with {@code baton.claude.max-retries=1} the real pinned CLI retries the
 * rate-limited request itself, inside one process and so inside one Temporal attempt. ({@code RealClaudeCliTest}
 * runs with no CLI retries, where Temporal's retry does it.)
 */
class RealCliOwnRetryTest {

    @TempDir
    Path temp;

    private final StubAnthropicApi stub = StubAnthropicApi.start();
    private ClaudeCli cli;

    @AfterEach
    void stop() {
        if (cli != null) {
            cli.cancelAll();
        }
        stub.close();
    }

    @Test
    void theCliItselfRetriesOneRateLimitAndFinishesTheTurn() throws Exception {
        String command = System.getProperty("baton.test.claude-cli");
        assumeTrue(command != null && Files.isExecutable(Path.of(command)), "real Claude CLI not installed");
        Path home = Files.createDirectories(temp.resolve("home"));
        cli = new ClaudeCli(new ClaudeProperties(command, null, 1, Duration.ofSeconds(60), 1, Duration.ofSeconds(5),
                Map.of("ANTHROPIC_BASE_URL", stub.baseUrl(), "ANTHROPIC_API_KEY", "sk-ant-stub-not-a-real-key",
                        "HOME", home.toString())));
        stub.replyError(429, "rate_limit_error", "Number of requests has exceeded your rate limit")
                .replyText("Done after one rate limit");
        List<ClaudeEvent> events = new CopyOnWriteArrayList<>();

        ClaudeOutcome outcome = cli.start(ClaudeRequest.of("report", Files.createDirectories(temp.resolve("work")),
                temp.resolve("config")), events::add).await();
        long cliRetries = events.stream()
                .filter(e -> e instanceof SystemEvent s && "api_retry".equals(s.subtype())).count();

        Report.of("real-cli-429-cli-retry")
                .put("cliMaxRetries", 1)
                .put("succeeded", outcome.succeeded())
                .put("cliInitLines", events.stream()
                        .filter(e -> e instanceof SystemEvent s && "init".equals(s.subtype())).count())
                .put("stubConversationRequests", stub.conversationRequests().size())
                .put("cliApiRetryEvents", cliRetries)
                .print();
        assertThat(outcome.succeeded()).as("outcome: %s", outcome).isTrue();
        assertThat(outcome.result().result()).isEqualTo("Done after one rate limit");
        assertThat(stub.conversationRequests()).hasSize(2);
        assertThat(cliRetries).isEqualTo(1);
        assertThat(events).as("one CLI process, one conversation")
                .filteredOn(e -> e instanceof SystemEvent s && "init".equals(s.subtype())).hasSize(1);
    }
}
