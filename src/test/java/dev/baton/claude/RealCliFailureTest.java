package dev.baton.claude;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pinned real CLI (installed by the build, path from surefire's {@code baton.test.claude-cli}) in cases
 * that need no model: it must accept our flags, stdin and environment, and its failures must classify.
 */
class RealCliFailureTest {

    @TempDir
    Path temp;

    private ClaudeCli cli;
    private Path work;
    private final List<ClaudeEvent> events = new CopyOnWriteArrayList<>();

    @BeforeEach
    void realCli() throws IOException {
        String command = System.getProperty("baton.test.claude-cli");
        assumeTrue(command != null && Files.isExecutable(Path.of(command)), "real Claude CLI not installed");
        // Port 1 refuses connections, so no request leaves the machine; no retries keep it fast.
        cli = new ClaudeCli(new ClaudeProperties(command, null, 2, Duration.ofSeconds(60), 0, Duration.ofSeconds(5),
                Map.of("ANTHROPIC_API_KEY", "test-key-not-real", "ANTHROPIC_BASE_URL", "http://127.0.0.1:1")));
        work = Files.createDirectories(temp.resolve("work"));
    }

    @AfterEach
    void killLeftovers() {
        if (cli != null) {
            cli.cancelAll();
        }
    }

    @Test
    void unreachableApiIsAServerErrorReportedInTheStream() throws Exception {
        ClaudeOutcome outcome = cli.start(ClaudeRequest.of("--help; say hi", work, temp.resolve("config")),
                events::add).await();

        assertThat(outcome.exitCode()).isEqualTo(1);
        assertThat(outcome.failure().type()).isEqualTo(FailureType.SERVER_ERROR);
        assertThat(outcome.failure().cliMessage()).contains("Connection refused");
        assertThat(events.getFirst()).isInstanceOfSatisfying(SystemEvent.class,
                init -> assertThat(init.subtype()).isEqualTo("init"));
        assertThat(events.getFirst().raw().path("cwd").asString()).isEqualTo(work.toString());
    }

    @Test
    void withoutAnyCredentialTheTurnSaysWhatToSet() throws Exception {
        var noKey = new ClaudeProperties(cli.command(), null, 1, Duration.ofSeconds(60), 0, Duration.ofSeconds(5),
                Map.of("ANTHROPIC_BASE_URL", "http://127.0.0.1:1"));
        ClaudeCli bare = new ClaudeCli(noKey);
        assumeTrue(bare.credentials().isEmpty(), "this JVM's environment carries an Anthropic credential");

        ClaudeOutcome outcome = bare.start(ClaudeRequest.of("say hi", work, temp.resolve("config")), events::add)
                .await();

        assertThat(outcome.failure().type()).isEqualTo(FailureType.MISSING_CREDENTIALS);
        assertThat(outcome.failure().message()).contains("ANTHROPIC_API_KEY");
        assertThat(outcome.failure().cliMessage()).contains("Not logged in");
    }

    @Test
    void unknownResumeIdIsInvalidConfiguration() throws Exception {
        ClaudeRequest request = new ClaudeRequest("continue", work, temp.resolve("config"),
                "00000000-0000-4000-8000-000000000000", null, PermissionMode.DEFAULT, null, null, 2, null, null);

        ClaudeOutcome outcome = cli.start(request, events::add).await();

        assertThat(outcome.failure().type()).isEqualTo(FailureType.INVALID_CONFIGURATION);
        assertThat(outcome.failure().cliMessage()).contains("No conversation found");
    }
}
