package dev.baton.claude;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class ClaudePropertiesTest {

    @Test
    void defaultsApplyWhenNothingIsSet() {
        ClaudeProperties properties = new Binder(new MapConfigurationPropertySource())
                .bindOrCreate("baton.claude", ClaudeProperties.class);

        assertThat(properties.command()).isNull();
        assertThat(properties.cliVersion()).isNull();
        assertThat(properties.maxConcurrent()).isEqualTo(8);
        assertThat(properties.turnTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(properties.maxRetries()).isEqualTo(2);
        assertThat(properties.retryAfter()).isEqualTo(Duration.ofSeconds(5));
        assertThat(properties.environment()).isEmpty();
    }

    @Test
    void commandBindsFromBatonClaudeCommandEnvironmentVariable() {
        StandardEnvironment environment = new StandardEnvironment();
        environment.getPropertySources().addFirst(new SystemEnvironmentPropertySource("test-env",
                Map.of("BATON_CLAUDE_COMMAND", "/opt/claude/bin/claude", "BATON_CLAUDE_MAX_CONCURRENT", "3")));
        environment.getPropertySources().addFirst(new MapPropertySource("test-props",
                Map.of("baton.claude.environment.ANTHROPIC_BASE_URL", "http://127.0.0.1:8089")));

        ClaudeProperties properties = new Binder(ConfigurationPropertySources.get(environment))
                .bindOrCreate("baton.claude", ClaudeProperties.class);

        assertThat(properties.command()).isEqualTo("/opt/claude/bin/claude");
        assertThat(properties.maxConcurrent()).isEqualTo(3);
        assertThat(properties.environment()).containsEntry("ANTHROPIC_BASE_URL", "http://127.0.0.1:8089");
    }
}
