package dev.baton.temporalui;

import dev.baton.execution.ExecutionService;
import dev.baton.execution.WorkflowProperties;
import dev.baton.node.NodeRoles;
import dev.baton.schedule.ScheduleService;
import dev.baton.user.KeyLogin;
import io.temporal.client.WorkflowClient;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import tools.jackson.databind.ObjectMapper;

/**
 * The Temporal Web UI exists only beside the embedded Temporal server: with {@code BATON_TEMPORAL_TARGET} set the
 * cluster has a UI of its own, which the {@code temporalUi} links point at ({@code BATON_TEMPORAL_UI_URL}).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("spring.temporal.test-server.enabled")
class TemporalUiConfig {

    @Bean
    TemporalUiServer temporalUiServer(TemporalUiProperties properties, Environment env, NodeRoles roles,
            KeyLogin keys, WorkflowClient client, WorkflowAccess access, dev.baton.archive.HistoryArchive history,
            WorkflowProperties workflows, ScheduleService schedules, ExecutionService executions, ObjectMapper json)
            throws UnknownHostException {
        String offReason = properties.uiPort() == 0 ? "off (BATON_TEMPORAL_UI_PORT=0)"
                : !roles.api() ? "off on a node without the api role" : null;
        String address = env.getProperty("server.address", "");
        var stubs = client.getWorkflowServiceStubs();
        var archive = new ArchivedRuns(history);
        var metadata = new UiMetadata(stubs, json, roles, workflows.namespace(), workflows.taskQueue(),
                client.getOptions().getIdentity());
        var api = new UiApi(metadata, new WorkflowCalls(stubs, access, archive, workflows),
                new WorkflowListing(stubs, access, archive, workflows.namespace()),
                new ScheduleListing(schedules, executions, workflows));
        return new TemporalUiServer(properties.uiPort(), address.isBlank() ? null : InetAddress.getByName(address),
                offReason, new UiLogin(keys, new UiSessions(Clock.systemUTC())), api,
                new StaticSite(TemporalUiServer.class.getClassLoader()));
    }
}
