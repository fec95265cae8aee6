package dev.baton.embedded;

import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Naming an external Temporal target must be enough to leave the embedded server behind; without this a user
 * would have to remember a second switch, and a forgotten one silently keeps work in memory.
 */
class TemporalTargetEnvironmentPostProcessor implements EnvironmentPostProcessor {

    static final String TARGET = "spring.temporal.connection.target";
    static final String TEST_SERVER = "spring.temporal.test-server.enabled";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment env, SpringApplication application) {
        String target = env.getProperty(TARGET, "");
        if (!target.isBlank()) {
            env.getPropertySources().addFirst(new MapPropertySource("batonTemporalTarget", Map.of(TEST_SERVER, "false")));
        }
    }
}
