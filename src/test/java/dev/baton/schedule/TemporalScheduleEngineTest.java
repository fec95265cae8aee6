package dev.baton.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.execution.WorkflowProperties;
import dev.baton.web.NotFoundException;
import java.time.Duration;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TemporalScheduleEngineTest {

    final FakeScheduleClient client = new FakeScheduleClient();
    final TemporalScheduleEngine engine = new TemporalScheduleEngine(client, new WorkflowProperties("test-queue",
            Duration.ofSeconds(30), Duration.ofSeconds(2), Duration.ofSeconds(30), "http://ui", "default"));
    final UUID taskId = UUID.randomUUID();
    final ScheduledTask task = new ScheduledTask(taskId, UUID.randomUUID(), "digest");
    final String id = "baton-task-" + taskId;

    static ScheduleSpec daily(boolean paused, String note) {
        return new ScheduleSpec("0 7 * * *", null, "Europe/Paris", OverlapPolicy.BUFFER_ALL, Map.of("a", "1"), paused,
                note);
    }

    @Test
    void isNamedTemporal() {
        assertThat(engine.name()).isEqualTo("temporal");
    }

    @Test
    void upsertCreatesTheScheduleWithItsMemo() {
        engine.upsert(task, daily(false, null));

        assertThat(client.calls).containsExactly("create " + id);
        assertThat(client.options.get(id).getMemo()).containsEntry("taskId", taskId.toString());
        assertThat(engine.describe(taskId)).get().extracting(ScheduleSnapshot::spec).isEqualTo(daily(false, null));
    }

    @Test
    void secondUpsertReplacesTheScheduleIncludingPausedAndNote() {
        engine.upsert(task, daily(false, null));
        var changed = new ScheduleSpec(null, 600L, "UTC", OverlapPolicy.SKIP, Map.of("b", "2"), true, "on hold");

        engine.upsert(task, changed);

        assertThat(client.calls).containsSubsequence("create " + id, "create " + id, "update " + id);
        assertThat(engine.describe(taskId)).get().extracting(ScheduleSnapshot::spec).isEqualTo(changed);
    }

    @Test
    void pauseAndUnpausePassTheNote() {
        engine.upsert(task, daily(false, null));

        engine.pause(taskId, "vendor outage");
        assertThat(client.calls).contains("pause " + id + " note=vendor outage");
        assertThat(engine.describe(taskId).orElseThrow().spec().paused()).isTrue();

        engine.unpause(taskId, "vendor back");
        assertThat(client.calls).contains("unpause " + id + " note=vendor back");
        assertThat(engine.describe(taskId).orElseThrow().spec()).isEqualTo(daily(false, "vendor back"));
    }

    @Test
    void pauseWithoutNoteKeepsTheSchedulesNote() {
        engine.upsert(task, daily(false, "runs after the ETL"));

        engine.pause(taskId, null);

        assertThat(engine.describe(taskId).orElseThrow().spec()).isEqualTo(daily(true, "runs after the ETL"));
    }

    @Test
    void triggerUsesTheSchedulesOwnOverlapPolicy() {
        engine.upsert(task, daily(false, null));

        TriggerResult result = engine.trigger(taskId);

        assertThat(client.calls).contains("trigger " + id + " SCHEDULE_OVERLAP_POLICY_BUFFER_ALL");
        assertThat(result).isEqualTo(TriggerResult.started(id + "-run-1", "run-id-1"));
    }

    @Test
    void aTriggerWhileARunGoesAnswersWhatTheOverlapPolicyDoes() {
        engine.upsert(task, daily(false, null));
        client.running.put(id, List.of(new ScheduleActionExecutionStartWorkflow(id + "-earlier", "run-0")));

        assertThat(engine.trigger(taskId).outcome()).isEqualTo(TriggerResult.Outcome.BUFFERED);

        engine.upsert(task, new ScheduleSpec("0 7 * * *", null, "UTC", OverlapPolicy.SKIP, Map.of(), false, null));
        client.calls.clear();
        assertThat(engine.trigger(taskId).outcome()).isEqualTo(TriggerResult.Outcome.SKIPPED);
        assertThat(client.calls).noneMatch(call -> call.startsWith("trigger"));
    }

    @Test
    void deleteRemovesTheSchedule() {
        engine.upsert(task, daily(false, null));

        engine.delete(taskId);

        assertThat(client.schedules).doesNotContainKey(id);
        assertThat(engine.describe(taskId)).isEmpty();
    }

    @Test
    void deleteOfAMissingScheduleDoesNothing() {
        engine.delete(taskId);

        assertThat(client.calls).containsExactly("delete " + id);
    }

    @Test
    void describeOfAMissingScheduleIsEmpty() {
        assertThat(engine.describe(taskId)).isEmpty();
    }

    @Test
    void pausingOrTriggeringAMissingScheduleIsNotFound() {
        assertThatThrownBy(() -> engine.pause(taskId, "x")).isInstanceOf(NotFoundException.class)
                .hasMessageContaining(taskId.toString());
        assertThatThrownBy(() -> engine.trigger(taskId)).isInstanceOf(NotFoundException.class)
                .hasMessageContaining(taskId.toString());
    }
}
