package dev.baton.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.execution.WorkflowProperties;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleClientOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine against a real Temporal server, which is what the mapping tests can only simulate: that the server keeps
 * what Baton reads back, and that an update replaces paused and note. No worker is needed: the schedule is either
 * paused or next due on New Year's Day, and it is never triggered.
 */
class TemporalScheduleEngineContractTest {

    static final String TARGET = System.getenv("BATON_TEST_TEMPORAL_TARGET");

    WorkflowServiceStubs stubs;
    TemporalScheduleEngine engine;
    final UUID taskId = UUID.randomUUID();
    final ScheduledTask task = new ScheduledTask(taskId, UUID.randomUUID(), "contract test task");

    @BeforeEach
    void connect() {
        assumeTrue(TARGET != null && !TARGET.isBlank(), "BATON_TEST_TEMPORAL_TARGET is not set: the contract test "
                + "needs a real Temporal server with the Schedules API (the embedded Java test server does not "
                + "implement it)");
        String namespace = Objects.requireNonNullElse(System.getenv("BATON_TEST_TEMPORAL_NAMESPACE"), "default");
        stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder().setTarget(TARGET).build());
        ScheduleClient client = ScheduleClient.newInstance(stubs,
                ScheduleClientOptions.newBuilder().setNamespace(namespace).build());
        engine = new TemporalScheduleEngine(client, new WorkflowProperties("baton-contract-test",
                Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(30), "http://localhost:8233",
                namespace));
    }

    @AfterEach
    void cleanUp() {
        if (engine != null) {
            engine.delete(taskId);
        }
        if (stubs != null) {
            stubs.shutdown();
        }
    }

    @Test
    void scheduleLivesThroughCreateDescribePauseUpdateAndDelete() {
        var yearly = new ScheduleSpec("0 0 1 1 *", null, "Europe/Berlin", OverlapPolicy.BUFFER_ONE,
                Map.of("region", "eu"), true, "created paused by the contract test");

        engine.upsert(task, yearly);
        assertThat(engine.describe(taskId)).get().extracting(ScheduleSnapshot::spec).isEqualTo(yearly);

        engine.unpause(taskId, "unpaused by the contract test");
        var unpaused = engine.describe(taskId).orElseThrow();
        assertThat(unpaused.spec()).isEqualTo(yearly.withPaused(false, "unpaused by the contract test"));
        assertThat(unpaused.nextRunTimes()).isEqualTo(ScheduleTimes.next(yearly, Instant.now(), 5));

        engine.pause(taskId, "paused again");
        assertThat(engine.describe(taskId).orElseThrow().spec()).isEqualTo(yearly.withPaused(true, "paused again"));

        var hourly = new ScheduleSpec(null, 3600L, "UTC", OverlapPolicy.ALLOW_ALL, Map.of("region", "us"), true,
                "replaced by the contract test");
        engine.upsert(task, hourly);
        assertThat(engine.describe(taskId)).get().extracting(ScheduleSnapshot::spec).isEqualTo(hourly);

        engine.delete(taskId);
        assertThat(engine.describe(taskId)).isEmpty();
        engine.delete(taskId);
    }
}
