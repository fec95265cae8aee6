package dev.baton.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.execution.ScheduledRunInput;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class TemporalScheduleEngineMappingTest {

    static final UUID TASK = UUID.fromString("11111111-1111-1111-1111-111111111111");
    static final UUID USER = UUID.fromString("22222222-2222-2222-2222-222222222222");
    static final ScheduledTask TASK_INFO = new ScheduledTask(TASK, USER, "nightly report");
    static final String QUEUE = "test-queue";

    static ScheduleSpec cron(String cron, String timezone) {
        return new ScheduleSpec(cron, null, timezone, OverlapPolicy.SKIP, Map.of(), false, null);
    }

    static Schedule schedule(ScheduleSpec spec) {
        return TemporalScheduleMapping.schedule(TASK_INFO, spec, QUEUE);
    }

    @Test
    void cronSpecCarriesTheExpressionInTheTimezone() {
        var spec = schedule(cron("30 2 * * 1-5", "Europe/Berlin")).getSpec();

        assertThat(spec.getCronExpressions()).containsExactly("30 2 * * 1-5");
        assertThat(spec.getIntervals()).isNullOrEmpty();
        assertThat(spec.getTimeZoneName()).isEqualTo("Europe/Berlin");
    }

    @Test
    void intervalSpecCarriesTheSeconds() {
        var spec = schedule(new ScheduleSpec(null, 900L, "UTC", null, null, false, null)).getSpec();

        assertThat(spec.getIntervals()).containsExactly(new ScheduleIntervalSpec(Duration.ofMinutes(15)));
        assertThat(spec.getCronExpressions()).isNullOrEmpty();
        assertThat(spec.getTimeZoneName()).isEqualTo("UTC");
    }

    @ParameterizedTest
    @CsvSource({
        "SKIP, SCHEDULE_OVERLAP_POLICY_SKIP",
        "BUFFER_ONE, SCHEDULE_OVERLAP_POLICY_BUFFER_ONE",
        "BUFFER_ALL, SCHEDULE_OVERLAP_POLICY_BUFFER_ALL",
        "CANCEL_OTHER, SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER",
        "ALLOW_ALL, SCHEDULE_OVERLAP_POLICY_ALLOW_ALL"})
    void overlapPolicyMapsToTemporalsOwn(OverlapPolicy baton, ScheduleOverlapPolicy temporal) {
        var spec = new ScheduleSpec("@daily", null, "UTC", baton, Map.of(), false, null);

        assertThat(schedule(spec).getPolicy().getOverlap()).isEqualTo(temporal);
    }

    @Test
    void policyCatchesUpForTenMinutesAndKeepsGoingAfterAFailure() {
        var policy = schedule(cron("@hourly", "UTC")).getPolicy();

        assertThat(policy.getCatchupWindow()).isEqualTo(Duration.ofMinutes(10));
        assertThat(policy.isPauseOnFailure()).isFalse();
    }

    @Test
    void pausedAndNoteGoIntoTheState() {
        var state = schedule(new ScheduleSpec("@daily", null, "UTC", null, null, true, "waiting for API key"))
                .getState();

        assertThat(state.isPaused()).isTrue();
        assertThat(state.getNote()).isEqualTo("waiting for API key");
    }

    @Test
    void actionStartsScheduledRunWorkflowForTheTaskWithItsVariables() {
        var spec = new ScheduleSpec("0 6 * * *", null, "UTC", null, Map.of("region", "eu"), false, null);

        var action = (ScheduleActionStartWorkflow) schedule(spec).getAction();

        assertThat(action.getWorkflowType()).isEqualTo("ScheduledRunWorkflow");
        assertThat(action.getOptions().getWorkflowId()).isEqualTo("scheduled-" + TASK);
        assertThat(action.getOptions().getTaskQueue()).isEqualTo(QUEUE);
        assertThat(action.getArguments().get(0, ScheduledRunInput.class))
                .isEqualTo(new ScheduledRunInput(TASK, USER, Map.of("region", "eu")));
        assertThat(action.getOptions().getMemo()).containsEntry("taskId", TASK.toString())
                .containsEntry("userId", USER.toString())
                .containsEntry("taskName", "nightly report")
                .containsEntry("triggerType", "scheduled");
    }

    @Test
    void scheduleMemoNamesTheTaskForOperators() {
        assertThat(TemporalScheduleMapping.options(TASK_INFO).getMemo()).isEqualTo(Map.of(
                "taskId", TASK.toString(), "userId", USER.toString(), "taskName", "nightly report"));
    }

    @Test
    void scheduleIdAndWorkflowIdNameTheTask() {
        assertThat(TemporalScheduleMapping.scheduleId(TASK)).isEqualTo("baton-task-" + TASK);
        assertThat(TemporalScheduleMapping.workflowId(TASK)).isEqualTo("scheduled-" + TASK);
    }

    @ParameterizedTest
    @EnumSource(OverlapPolicy.class)
    void describedCronScheduleRoundTripsTheSpec(OverlapPolicy overlap) {
        var spec = new ScheduleSpec("15 9 * * MON", null, "America/New_York", overlap,
                Map.of("region", "eu", "depth", "full"), true, "holiday");

        var snapshot = TemporalScheduleMapping.snapshot(
                DescribedSchedules.asDescribed("baton-task-" + TASK, schedule(spec), List.of()));

        assertThat(snapshot.spec()).isEqualTo(spec);
    }

    @Test
    void describedIntervalScheduleRoundTripsTheSpec() {
        var spec = new ScheduleSpec(null, 3600L, "Asia/Tokyo", OverlapPolicy.BUFFER_ONE, Map.of("k", "v"), false,
                null);

        var snapshot = TemporalScheduleMapping.snapshot(
                DescribedSchedules.asDescribed("baton-task-" + TASK, schedule(spec), List.of()));

        assertThat(snapshot.spec()).isEqualTo(spec);
    }

    @Test
    void nextRunTimesAreTheFirstFiveTheServerReports() {
        List<Instant> seven = IntStream.range(1, 8).mapToObj(h -> Instant.parse("2030-01-01T00:00:00Z")
                .plus(Duration.ofHours(h))).toList();

        var snapshot = TemporalScheduleMapping.snapshot(
                DescribedSchedules.asDescribed("baton-task-" + TASK, schedule(cron("@hourly", "UTC")), seven));

        assertThat(snapshot.nextRunTimes()).containsExactlyElementsOf(seven.subList(0, 5));
    }
}
