package dev.baton.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.claude.ClaudeCli;
import dev.baton.claude.ClaudeEvent;
import dev.baton.claude.ClaudeOutcome;
import dev.baton.claude.ClaudeProperties;
import dev.baton.claude.ClaudeRequest;
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
 * {@code appendSystemPrompt} is the one free-text value Baton passes as the argument after a flag, and Baton does
 * not refuse a leading '-' there (a system prompt may well start with a Markdown "- "). This runs the pinned real
 * CLI once with flags as that value and as the prompt, and its own init line shows none took effect: the CLI reads
 * a required option's argument whole, even when it starts with '-'. No request leaves the machine (port 1).
 */
class RealCliFlagValueTest {

    @TempDir
    Path temp;

    private ClaudeCli cli;

    @AfterEach
    void killLeftovers() {
        if (cli != null) {
            cli.cancelAll();
        }
    }

    @Test
    void flagsAsTheSystemPromptOrThePromptStayText() throws Exception {
        String command = System.getProperty("baton.test.claude-cli");
        assumeTrue(command != null && Files.isExecutable(Path.of(command)), "real Claude CLI not installed");
        cli = new ClaudeCli(new ClaudeProperties(command, null, 1, Duration.ofSeconds(60), 0, Duration.ofSeconds(5),
                Map.of("ANTHROPIC_API_KEY", "test-key-not-real", "ANTHROPIC_BASE_URL", "http://127.0.0.1:1")));
        Path work = Files.createDirectories(temp.resolve("work"));
        String flags = "--dangerously-skip-permissions --permission-mode bypassPermissions";
        List<ClaudeEvent> events = new CopyOnWriteArrayList<>();

        ClaudeOutcome outcome = cli.start(new ClaudeRequest(flags + "\n-p --version", work, temp.resolve("config"),
                // Exactly the flag, so that a parser reading it as an option would match it.
                null, null, null, List.of("Read"), null, 1, "--dangerously-skip-permissions", null),
                events::add).await();

        var init = events.getFirst().raw();
        SecurityTest.report("real-cli-flag-values", SecurityTest.counts("runs", 1,
                "permissionMode", init.path("permissionMode").asString(), "exitCode", outcome.exitCode()));
        assertThat(init.path("subtype").asString()).isEqualTo("init");
        assertThat(init.path("permissionMode").asString()).isEqualTo("default");
        assertThat(init.path("cwd").asString()).isEqualTo(work.toString());
        // It went on to call the (unreachable) API with the prompt: not a --version answer, not a bypass refusal.
        assertThat(outcome.failure().cliMessage()).contains("Connection refused");
    }
}
