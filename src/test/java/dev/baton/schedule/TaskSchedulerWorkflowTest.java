package dev.baton.schedule;

import static dev.baton.schedule.RecordingRunWorkflow.ENDED;
import static dev.baton.schedule.RecordingRunWorkflow.RUN_SECONDS;
import static dev.baton.schedule.RecordingRunWorkflow.STARTED;
import static dev.baton.schedule.RecordingRunWorkflow.startTimes;
import static dev.baton.schedule.RecordingRunWorkflow.startedIds;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The scheduler workflow against a recording stand-in for the run, on Temporal's time-skipping test server. */
class TaskSchedulerWorkflowTest {

    static final String TASK_QUEUE = "task-scheduler-test";
    static final ScheduledTask TASK = new ScheduledTask(UUID.fromString("7a5c0000-0000-4000-8000-000000000001"),
            UUID.fromString("05e40000-0000-4000-8000-000000000001"), "nightly report");
    static final Instant NEW_YEAR = Instant.parse("2026-01-01T00:00:00Z");
    static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");

    private TestWorkflowEnvironment env;
    private WorkflowClient client;

    @BeforeEach
    void forgetRuns() {
        RecordingRunWorkflow.reset();
    }

    @AfterEach
    void stopServer() {
        if (env != null) {
            env.close();
        }
    }

    private void startServerAt(Instant time) {
        env = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder().setInitialTime(time).build());
        Worker worker = env.newWorker(TASK_QUEUE);
        worker.registerWorkflowImplementationTypes(TaskSchedulerWorkflowImpl.class, RecordingRunWorkflow.class);
        env.start();
        client = env.getWorkflowClient();
    }

    private TaskSchedulerWorkflow schedule(ScheduleSpec spec) {
        return schedule(SchedulerState.start(TASK, spec));
    }

    private TaskSchedulerWorkflow schedule(SchedulerState state) {
        TaskSchedulerWorkflow scheduler = client.newWorkflowStub(TaskSchedulerWorkflow.class,
                WorkflowOptions.newBuilder()
                        .setTaskQueue(TASK_QUEUE)
                        .setWorkflowId(EmbeddedScheduleEngine.workflowId(TASK.taskId()))
                        .build());
        WorkflowClient.start(scheduler::run, state);
        return scheduler;
    }

    static ScheduleSpec cron(String cron, String zone) {
        return new ScheduleSpec(cron, null, zone, OverlapPolicy.SKIP, Map.of(), false, null);
    }

    /** Fires every {@code interval} seconds; each run lasts {@code runSeconds}. */
    static ScheduleSpec every(long interval, OverlapPolicy policy, long runSeconds) {
        return new ScheduleSpec(null, interval, "UTC", policy, Map.of(RUN_SECONDS, Long.toString(runSeconds)), false,
                null);
    }

    static List<Instant> minutesAfterNewYear(double... minutes) {
        return Arrays.stream(minutes).mapToObj(m -> NEW_YEAR.plusSeconds((long) (m * 60))).toList();
    }

    static String fireId(Instant fireTime) {
        return "scheduled-" + TASK.taskId() + "-" + fireTime.getEpochSecond();
    }

    private static void assertNoTwoRunsOverlap() {
        for (int i = 1; i < STARTED.size(); i++) {
            String previous = STARTED.get(i - 1).workflowId();
            Instant endOfPrevious = ENDED.stream().filter(e -> e.workflowId().equals(previous)).findFirst()
                    .orElseThrow(() -> new AssertionError(previous + " was still running when the next run started"))
                    .at();
            assertThat(STARTED.get(i).at()).isAfterOrEqualTo(endOfPrevious);
        }
    }

    @Test
    void firesDailyCronInItsZoneAndSkipsTheTimeSpringForwardRemoves() {
        Instant start = Instant.parse("2026-03-27T00:00:00Z");
        startServerAt(start);
        schedule(cron("30 2 * * *", "Europe/Berlin"));

        env.sleep(Duration.ofDays(4));

        // 02:30 CET is 01:30Z; 2026-03-29 has no 02:30 in Berlin (clocks jump 02:00 -> 03:00), then 02:30 CEST is 00:30Z.
        assertThat(startTimes()).containsExactly(
                Instant.parse("2026-03-27T01:30:00Z"),
                Instant.parse("2026-03-28T01:30:00Z"),
                Instant.parse("2026-03-30T00:30:00Z"));
        assertThat(startedIds()).first().isEqualTo(fireId(Instant.parse("2026-03-27T01:30:00Z")));
        assertThat(STARTED.getFirst().input().taskId()).isEqualTo(TASK.taskId());
        assertThat(STARTED.getFirst().input().userId()).isEqualTo(TASK.userId());
    }

    @Test
    void firesHourlyCronOncePerInstantAcrossFallBack() {
        Instant start = Instant.parse("2026-10-24T22:30:00Z");
        startServerAt(start);
        ScheduleSpec hourly = cron("0 * * * *", "Europe/Berlin");
        schedule(hourly);

        env.sleep(Duration.ofHours(4));

        List<Instant> expected = ScheduleTimes.next(hourly, start, 10).stream()
                .filter(t -> !t.isAfter(start.plus(Duration.ofHours(4)))).toList();
        assertThat(startTimes()).isEqualTo(expected).doesNotHaveDuplicates();
        assertThat(startTimes().getFirst().atZone(BERLIN).getOffset()).isEqualTo(ZoneOffset.ofHours(2));
        assertThat(startTimes().getLast().atZone(BERLIN).getOffset()).isEqualTo(ZoneOffset.ofHours(1));
    }

    @Test
    void skipDropsFiresWhileARunIsRunning() {
        startServerAt(NEW_YEAR);
        schedule(every(60, OverlapPolicy.SKIP, 150));

        env.sleep(Duration.ofSeconds(330));

        // Fires at minutes 1..5; the run from minute 1 lasts until 3:30, so 2 and 3 are dropped, 4 runs, 5 is dropped.
        assertThat(startTimes()).isEqualTo(minutesAfterNewYear(1, 4));
        assertNoTwoRunsOverlap();
    }

    @Test
    void bufferOneKeepsOneWaitingRunAndDropsTheRest() {
        startServerAt(NEW_YEAR);
        schedule(every(60, OverlapPolicy.BUFFER_ONE, 150));

        env.sleep(Duration.ofSeconds(540));

        // Minute 2 waits and starts the moment minute 1's run ends (3:30); minute 3 finds it waiting and is dropped;
        // minute 4 waits and starts at 6:00. (Minute 6 and the end of minute 2's run tie, so the fourth run may be
        // minute 6's or minute 7's.)
        assertThat(startTimes()).isEqualTo(minutesAfterNewYear(1, 3.5, 6, 8.5));
        assertThat(startedIds()).startsWith(fireId(NEW_YEAR.plusSeconds(60)), fireId(NEW_YEAR.plusSeconds(120)),
                fireId(NEW_YEAR.plusSeconds(240)));
        assertNoTwoRunsOverlap();
    }

    @Test
    void bufferAllStartsEveryWaitingRunOneAfterAnother() {
        startServerAt(NEW_YEAR);
        schedule(every(60, OverlapPolicy.BUFFER_ALL, 150));

        env.sleep(Duration.ofSeconds(540));

        assertThat(startTimes()).isEqualTo(minutesAfterNewYear(1, 3.5, 6, 8.5));
        assertThat(startedIds()).containsExactly(fireId(NEW_YEAR.plusSeconds(60)), fireId(NEW_YEAR.plusSeconds(120)),
                fireId(NEW_YEAR.plusSeconds(180)), fireId(NEW_YEAR.plusSeconds(240)));
        assertNoTwoRunsOverlap();
    }

    @Test
    void allowAllStartsEveryFireWhileOthersRun() {
        startServerAt(NEW_YEAR);
        schedule(every(60, OverlapPolicy.ALLOW_ALL, 150));

        env.sleep(Duration.ofSeconds(330));

        assertThat(startTimes()).isEqualTo(minutesAfterNewYear(1, 2, 3, 4, 5));
        assertThat(ENDED).noneMatch(RecordingRunWorkflow.Ended::cancelled);
    }

    @Test
    void cancelOtherCancelsTheRunningRunAndStartsTheNewOne() {
        startServerAt(NEW_YEAR);
        schedule(every(60, OverlapPolicy.CANCEL_OTHER, 150));

        // A minute at a time, waiting at each fire: the test server goes on skipping time while a cancellation is
        // under way, which a real server (where it takes milliseconds) would not.
        for (int minute = 1; minute <= 5; minute++) {
            env.sleep(Duration.ofSeconds(60));
            int fires = minute;
            await().until(() -> STARTED.size() == fires && ENDED.size() == fires - 1);
        }

        assertThat(startTimes()).isEqualTo(minutesAfterNewYear(1, 2, 3, 4, 5));
        assertThat(ENDED).hasSize(4).allMatch(RecordingRunWorkflow.Ended::cancelled);
        assertThat(ENDED.stream().map(RecordingRunWorkflow.Ended::at)).isEqualTo(minutesAfterNewYear(2, 3, 4, 5));
        assertNoTwoRunsOverlap();
    }

    @Test
    void pauseStopsFiresAndUnpauseResumesFromNow() {
        startServerAt(NEW_YEAR);
        TaskSchedulerWorkflow scheduler = schedule(every(3600, OverlapPolicy.SKIP, 0));
        scheduler.pause("maintenance");
        await().until(() -> scheduler.describe().spec().paused());

        env.sleep(Duration.ofHours(3));

        assertThat(STARTED).isEmpty();
        ScheduleSnapshot paused = scheduler.describe();
        assertThat(paused.spec().note()).isEqualTo("maintenance");
        assertThat(paused.nextRunTimes()).isEmpty();

        scheduler.unpause("back");
        await().until(() -> !scheduler.describe().spec().paused());
        env.sleep(Duration.ofMinutes(90));

        // Unpaused at 3:00 (plus the moments the signal took): the next fire is 4:00, and 1:00-3:00 are not caught up.
        assertThat(startTimes()).isEqualTo(List.of(NEW_YEAR.plus(Duration.ofHours(4))));
        assertThat(scheduler.describe().spec().note()).isEqualTo("back");
    }

    @Test
    void triggerStartsARunAtOnceEvenWhilePaused() {
        startServerAt(NEW_YEAR);
        TaskSchedulerWorkflow scheduler = schedule(every(3600, OverlapPolicy.SKIP, 0).withPaused(true, "off"));

        env.sleep(Duration.ofMinutes(10));
        scheduler.trigger();
        await().until(() -> STARTED.size() == 1);

        assertThat(STARTED.getFirst().at()).isBetween(NEW_YEAR.plusSeconds(600), NEW_YEAR.plusSeconds(601));
        assertThat(STARTED.getFirst().workflowId()).startsWith("scheduled-" + TASK.taskId() + "-manual-");
        assertThat(scheduler.describe().spec().paused()).isTrue();
    }

    @Test
    void triggerFollowsTheOverlapPolicy() {
        startServerAt(NEW_YEAR);
        TaskSchedulerWorkflow scheduler = schedule(every(3600, OverlapPolicy.SKIP, 600));

        scheduler.trigger();
        await().until(() -> STARTED.size() == 1);
        scheduler.trigger();
        env.sleep(Duration.ofMinutes(5));

        // The second trigger came while the first run was running, and skip drops it.
        assertThat(STARTED).hasSize(1);
    }

    @Test
    void triggerNowAnswersWhatTheOverlapPolicyDid() {
        startServerAt(NEW_YEAR);
        TaskSchedulerWorkflow scheduler = schedule(every(3600, OverlapPolicy.BUFFER_ONE, 600));

        TriggerResult first = scheduler.triggerNow();
        TriggerResult second = scheduler.triggerNow();
        TriggerResult third = scheduler.triggerNow();

        assertThat(first.outcome()).isEqualTo(TriggerResult.Outcome.STARTED);
        assertThat(first.runWorkflowId()).startsWith("scheduled-" + TASK.taskId() + "-manual-");
        assertThat(first.runId()).isNotBlank();
        await().until(() -> STARTED.size() == 1);
        assertThat(STARTED.getFirst().workflowId()).isEqualTo(first.runWorkflowId());
        assertThat(second.outcome()).isEqualTo(TriggerResult.Outcome.BUFFERED);
        // buffer_one keeps one waiting run: the third is dropped.
        assertThat(third).isEqualTo(TriggerResult.skipped());
        env.sleep(Duration.ofMinutes(30));
        assertThat(STARTED).hasSize(2);
    }

    @Test
    void triggerNowUnderSkipDropsARunThatWouldOverlap() {
        startServerAt(NEW_YEAR);
        TaskSchedulerWorkflow scheduler = schedule(every(3600, OverlapPolicy.SKIP, 600));

        assertThat(scheduler.triggerNow().outcome()).isEqualTo(TriggerResult.Outcome.STARTED);
        assertThat(scheduler.triggerNow().outcome()).isEqualTo(TriggerResult.Outcome.SKIPPED);
    }

    @Test
    void updateReplacesTheSpecAndTheNextFireTimes() {
        startServerAt(NEW_YEAR);
        TaskSchedulerWorkflow scheduler = schedule(every(3600, OverlapPolicy.SKIP, 0));
        assertThat(scheduler.describe().nextRunTimes()).isEqualTo(
                LongStream.rangeClosed(1, 5).mapToObj(h -> NEW_YEAR.plus(Duration.ofHours(h))).toList());

        ScheduleSpec everyTenMinutes = new ScheduleSpec(null, 600L, "UTC", OverlapPolicy.BUFFER_ALL,
                Map.of("region", "eu"), false, "faster");
        scheduler.update(everyTenMinutes);
        await().until(() -> scheduler.describe().spec().equals(everyTenMinutes));

        assertThat(scheduler.describe().nextRunTimes()).isEqualTo(
                LongStream.rangeClosed(1, 5).mapToObj(m -> NEW_YEAR.plus(Duration.ofMinutes(10 * m))).toList());
        env.sleep(Duration.ofMinutes(25));
        assertThat(startTimes()).isEqualTo(minutesAfterNewYear(10, 20));
        assertThat(STARTED.getFirst().input().variables()).containsEntry("region", "eu");
    }

    @Test
    void describeGivesTheSpecAndFiveFutureTimesInOrder() {
        startServerAt(NEW_YEAR);
        ScheduleSpec spec = new ScheduleSpec("0 9 * * 1", null, "Europe/Berlin", OverlapPolicy.BUFFER_ONE,
                Map.of("k", "v"), false, "weekly");
        TaskSchedulerWorkflow scheduler = schedule(spec);

        ScheduleSnapshot snapshot = scheduler.describe();

        assertThat(snapshot.spec()).isEqualTo(spec);
        // 2026-01-05 is a Monday; 09:00 CET is 08:00Z.
        assertThat(snapshot.nextRunTimes()).containsExactly(
                Instant.parse("2026-01-05T08:00:00Z"), Instant.parse("2026-01-12T08:00:00Z"),
                Instant.parse("2026-01-19T08:00:00Z"), Instant.parse("2026-01-26T08:00:00Z"),
                Instant.parse("2026-02-02T08:00:00Z"));
    }

    @Test
    void stopEndsTheSchedulerAndNothingFiresAfter() {
        startServerAt(NEW_YEAR);
        TaskSchedulerWorkflow scheduler = schedule(every(60, OverlapPolicy.SKIP, 0));
        env.sleep(Duration.ofSeconds(90));

        scheduler.stop();
        WorkflowStub.fromTyped(scheduler).getResult(Void.class);
        env.sleep(Duration.ofMinutes(5));

        assertThat(startTimes()).isEqualTo(minutesAfterNewYear(1));
    }

    @Test
    void stopLeavesTheRunningRunRunning() {
        startServerAt(NEW_YEAR);
        TaskSchedulerWorkflow scheduler = schedule(new ScheduleSpec(null, 60L, "UTC", OverlapPolicy.SKIP,
                Map.of(RecordingRunWorkflow.UNTIL_RELEASED, "yes"), false, null));
        env.sleep(Duration.ofSeconds(90));
        assertThat(STARTED).hasSize(1);

        scheduler.stop();
        // Not getResult: it lets the test server skip time, and with only an untimed wait left it would skip to the
        // run's (unset, so distant) run timeout.
        await().until(() -> WorkflowStub.fromTyped(scheduler).describe().getStatus()
                == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED);

        WorkflowStub run = client.newUntypedWorkflowStub(STARTED.getFirst().workflowId());
        assertThat(run.describe().getStatus()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
        run.signal("release");
        await().untilAsserted(() -> assertThat(ENDED).singleElement()
                .satisfies(ended -> assertThat(ended.cancelled()).isFalse()));
    }

    @Test
    void continuesAsNewAfterTheBoundAndKeepsFiring() {
        startServerAt(NEW_YEAR);
        ScheduleSpec spec = every(60, OverlapPolicy.SKIP, 0).withPaused(false, "kept");
        TaskSchedulerWorkflow scheduler = schedule(new SchedulerState(TASK, spec, null, 0, 3));
        String firstRunId = WorkflowStub.fromTyped(scheduler).getExecution().getRunId();

        env.sleep(Duration.ofSeconds(630));

        // Every minute fires exactly once, across the continue-as-new boundaries (after fires 3, 6 and 9).
        assertThat(startTimes()).isEqualTo(minutesAfterNewYear(1, 2, 3, 4, 5, 6, 7, 8, 9, 10));
        assertThat(client.fetchHistory(WorkflowStub.fromTyped(scheduler).getExecution().getWorkflowId(), firstRunId)
                .getLastEvent().getEventType())
                .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
        TaskSchedulerWorkflow latest = client.newWorkflowStub(TaskSchedulerWorkflow.class,
                EmbeddedScheduleEngine.workflowId(TASK.taskId()));
        assertThat(latest.describe().spec()).isEqualTo(spec);
        assertThat(client.newUntypedWorkflowStub(EmbeddedScheduleEngine.workflowId(TASK.taskId())).describe()
                .getExecution().getRunId()).isNotEqualTo(firstRunId);
    }
}
