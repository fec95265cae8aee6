package dev.baton.claude;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTest {

    private static final Map<String, String> BATON_ENVIRONMENT = Map.of(
            "PATH", "/usr/bin:/bin",
            "HOME", "/home/baton",
            "LANG", "C.UTF-8",
            "ANTHROPIC_API_KEY", "sk-ant-test",
            "SPRING_DATASOURCE_PASSWORD", "db-secret",
            "BATON_ADMIN_KEY", "admin-secret",
            "AWS_SECRET_ACCESS_KEY", "aws-secret");

    @Test
    void batonSecretsNeverReachTheChild() {
        Map<String, String> env = ChildEnvironment.build(BATON_ENVIRONMENT, properties(Map.of()), Path.of("/cfg"));

        assertThat(env).doesNotContainKeys("SPRING_DATASOURCE_PASSWORD", "BATON_ADMIN_KEY", "AWS_SECRET_ACCESS_KEY");
        assertThat(env.values()).doesNotContain("db-secret", "admin-secret", "aws-secret");
    }

    @Test
    void childGetsBasicsCredentialsAndIsolationSettings() {
        Map<String, String> env = ChildEnvironment.build(BATON_ENVIRONMENT, properties(Map.of()), Path.of("/cfg"));

        assertThat(env).containsEntry("PATH", "/usr/bin:/bin")
                .containsEntry("HOME", "/home/baton")
                .containsEntry("LANG", "C.UTF-8")
                .containsEntry("ANTHROPIC_API_KEY", "sk-ant-test")
                .containsEntry("CLAUDE_CONFIG_DIR", "/cfg")
                .containsEntry("CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1")
                .containsEntry("DISABLE_AUTOUPDATER", "1")
                .containsEntry("CLAUDE_CODE_MAX_RETRIES", "3")
                .doesNotContainKeys("ANTHROPIC_AUTH_TOKEN", "TZ");
    }

    @Test
    void configuredEnvironmentWinsOverEverythingElse() {
        Map<String, String> env = ChildEnvironment.build(BATON_ENVIRONMENT,
                properties(Map.of("ANTHROPIC_BASE_URL", "http://127.0.0.1:9999", "CLAUDE_CODE_MAX_RETRIES", "0")),
                Path.of("/cfg"));

        assertThat(env).containsEntry("ANTHROPIC_BASE_URL", "http://127.0.0.1:9999")
                .containsEntry("CLAUDE_CODE_MAX_RETRIES", "0");
    }

    @Test
    void credentialsAreNamedFromTheEnvironmentAndTheConfiguredOnesButBlankOnesDoNotCount() {
        assertThat(ChildEnvironment.credentials(BATON_ENVIRONMENT, properties(Map.of())))
                .containsExactly("ANTHROPIC_API_KEY");
        assertThat(ChildEnvironment.credentials(Map.of("PATH", "/bin", "ANTHROPIC_AUTH_TOKEN", " "),
                properties(Map.of("CLAUDE_CODE_OAUTH_TOKEN", "oauth-token")))).containsExactly("CLAUDE_CODE_OAUTH_TOKEN");
        assertThat(ChildEnvironment.credentials(Map.of("PATH", "/bin"), properties(Map.of()))).isEmpty();
    }

    private static ClaudeProperties properties(Map<String, String> environment) {
        return new ClaudeProperties(null, null, 1, Duration.ofMinutes(1), 3, Duration.ofSeconds(5), environment);
    }
}
