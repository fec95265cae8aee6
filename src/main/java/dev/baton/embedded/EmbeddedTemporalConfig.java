package dev.baton.embedded;

import dev.baton.archive.HistoryArchive;
import io.temporal.spring.boot.TemporalOptionsCustomizer;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The zero set-up Temporal: the SDK's test server in this JVM (an in-process channel, nothing listens on the
 * network). Its state lives in memory only. The starter skips time by default, which suits unit tests but not a
 * running product, so real time is the default here and tests may turn skipping back on.
 *
 * <p>The server would keep every closed run forever; {@link EmbeddedTemporalRetention} drops them after
 * {@code baton.temporal.embedded-retention} (default 24 h), once archived.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("spring.temporal.test-server.enabled")
class EmbeddedTemporalConfig {

    @Bean
    TemporalOptionsCustomizer<TestEnvironmentOptions.Builder> realTimeTestServer(
            org.springframework.core.env.Environment env) {
        boolean skip = env.getProperty("baton.temporal.embedded-time-skipping", Boolean.class, false);
        return builder -> builder.setUseTimeskipping(skip);
    }

    /** Made with the other beans, so before the workers start polling. */
    @Bean
    TestServerDeadlines testServerDeadlines(TestWorkflowEnvironment environment) {
        return TestServerDeadlines.replace(environment);
    }

    @Bean
    EmbeddedTemporalRetention embeddedTemporalRetention(TestWorkflowEnvironment environment, HistoryArchive archive,
            EmbeddedTemporalProperties properties) {
        return new EmbeddedTemporalRetention(environment, archive, properties.embeddedRetention());
    }
}
