package dev.baton.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.claude.ClaudeCli;
import dev.baton.claude.ClaudeProperties;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class ClaudeCliHealthIndicatorTest {

    private static final Path FAKE_CLAUDE = Path.of("src/test/scripts/fake-claude").toAbsolutePath();

    private static Health healthOf(String command) {
        return healthOf(command, Map.of());
    }

    private static Health healthOf(String command, Map<String, String> environment) {
        var properties = new ClaudeProperties(command, "2.1.330", 3, Duration.ofMinutes(1), 0, Duration.ofSeconds(5),
                environment);
        return new ClaudeCliHealthIndicator(new ClaudeCli(properties), properties).health();
    }

    @Test
    void isUpWithTheCommandWhenTheCliCanBeRun() {
        Health health = healthOf(FAKE_CLAUDE.toString());

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails()).containsEntry("command", FAKE_CLAUDE.toString())
                .containsEntry("pinnedVersion", "2.1.330")
                .containsEntry("running", 0)
                .containsEntry("maxConcurrent", 3);
    }

    @Test
    void showsWhichCredentialIsSetWithoutItsValue() {
        Health health = healthOf(FAKE_CLAUDE.toString(), Map.of("ANTHROPIC_AUTH_TOKEN", "token-canary-0123"));

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails().get("credentials")).asString().contains("ANTHROPIC_AUTH_TOKEN")
                .doesNotContain("token-canary-0123");
    }

    @Test
    void missingCredentialsAreADetailNotDown() {
        var cli = new ClaudeCli(new ClaudeProperties(FAKE_CLAUDE.toString(), null, 1, null, 0, null, null));
        assumeTrue(cli.credentials().isEmpty(), "this JVM's environment carries an Anthropic credential");

        Health health = healthOf(FAKE_CLAUDE.toString());

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails().get("credentials")).asString().startsWith("none")
                .contains("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN");
    }

    @Test
    void isDownAndSaysWhyWhenTheCliIsMissing() {
        Health health = healthOf("/nonexistent/claude");

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails().get("reason")).asString()
                .contains("/nonexistent/claude").contains("BATON_CLAUDE_COMMAND");
        assertThat(health.getDetails()).doesNotContainKey("command");
    }
}
