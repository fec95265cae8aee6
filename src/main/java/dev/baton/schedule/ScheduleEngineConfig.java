package dev.baton.schedule;

import dev.baton.execution.WorkflowProperties;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.client.WorkflowClient;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import java.util.Locale;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Chooses the schedule engine once, at startup: Temporal Schedules where the server implements them, Baton's own
 * scheduler workflow where it answers UNIMPLEMENTED (the embedded test server). {@code baton.schedules.engine}
 * overrides the probe.
 */
@Configuration(proxyBeanMethods = false)
class ScheduleEngineConfig {

    private static final Logger log = LoggerFactory.getLogger(ScheduleEngineConfig.class);

    /** {@code baton.schedules.engine}: {@code auto} (probe), {@code temporal} or {@code embedded}. */
    @ConfigurationProperties("baton.schedules")
    record ScheduleProperties(@DefaultValue("auto") String engine) {
    }

    @Bean
    ScheduleEngine scheduleEngine(ScheduleProperties properties, WorkflowClient workflows,
            WorkflowProperties workflowProperties) {
        ScheduleClient schedules = ScheduleClient.newInstance(workflows.getWorkflowServiceStubs(),
                ScheduleClientOptions.newBuilder().setNamespace(workflows.getOptions().getNamespace()).build());
        String choice = properties.engine().toLowerCase(Locale.ROOT);
        boolean nativeSchedules = switch (choice) {
            case "temporal" -> true;
            case "embedded" -> false;
            case "auto" -> supportsSchedules(schedules);
            default -> throw new IllegalArgumentException("baton.schedules.engine must be auto, temporal or embedded, not '"
                    + properties.engine() + "'");
        };
        log.info("Schedules run on {} ({})", nativeSchedules ? "Temporal Schedules" : "Baton's scheduler workflow",
                choice.equals("auto") ? "probed" : "baton.schedules.engine=" + choice);
        return nativeSchedules ? new TemporalScheduleEngine(schedules, workflowProperties)
                : new EmbeddedScheduleEngine(workflows, workflowProperties);
    }

    /** Asks for a schedule that cannot exist: NOT_FOUND means the API is there, UNIMPLEMENTED that it is not. */
    static boolean supportsSchedules(ScheduleClient schedules) {
        try {
            schedules.getHandle("baton-probe-" + UUID.randomUUID()).describe();
            return true;
        } catch (RuntimeException e) {
            for (Throwable t = e; t != null; t = t.getCause()) {
                if (t instanceof StatusRuntimeException status) {
                    return status.getStatus().getCode() != Status.Code.UNIMPLEMENTED;
                }
            }
            return true;
        }
    }
}
