package dev.baton.archive;

import io.temporal.client.WorkflowClient;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The archiver runs with the embedded Temporal server only; the archive itself is read in every set-up. */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("spring.temporal.test-server.enabled")
class ArchiveConfig {

    /** A worker interceptor: the Temporal starter puts every such bean on the workers it creates. */
    @Bean
    ClosingRuns closingRuns() {
        return new ClosingRuns();
    }

    @Bean
    HistoryArchiver historyArchiver(HistoryArchive archive, ClosingRuns closingRuns, WorkflowClient client,
            ObjectProvider<ClosedRunSource> closedRunSource) {
        return new HistoryArchiver(archive, closingRuns, client, closedRunSource);
    }
}
