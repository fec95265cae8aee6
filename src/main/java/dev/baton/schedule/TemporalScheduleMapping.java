package dev.baton.schedule;

import dev.baton.execution.ScheduledRunInput;
import dev.baton.execution.ScheduledRunWorkflow;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionStartWorkflow;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleIntervalSpec;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.SchedulePolicy;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.common.converter.EncodedValues;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Translates between Baton's {@link ScheduleSpec} and a Temporal Schedule, both ways, without talking to a server.
 *
 * <p>Two things do not survive a trip through the server as they went in, so they are read back from elsewhere:
 * <ul>
 * <li>The server compiles cron strings into structured calendars, and describing a schedule returns only those. The
 * cron string as Baton was given it is therefore also kept in the action's memo ({@value #CRON_MEMO}); the action
 * is replaced on every update, unlike the schedule's own memo, which is fixed at creation.</li>
 * <li>The variables are not copied anywhere: they are the {@link ScheduledRunInput} argument every run receives, so
 * they are decoded from the action's arguments with the client's data converter. What runs and what Baton reports
 * cannot drift apart.</li>
 * </ul>
 */
final class TemporalScheduleMapping {

    /**
     * How late a missed run may still start, e.g. after the server or Baton's workers were down. Long enough to ride
     * out a restart or deploy; short enough that a task does not run hours after its time, when its output may no
     * longer be wanted. Temporal's own default is a year, which would replay a long outage's worth of runs.
     */
    static final Duration CATCHUP_WINDOW = Duration.ofMinutes(10);

    static final int NEXT_RUN_TIMES = 5;

    static final String CRON_MEMO = "cron";

    /** What an unset overlap policy means to Temporal, and Baton's default too. */
    static final OverlapPolicy DEFAULT_OVERLAP = OverlapPolicy.SKIP;

    private TemporalScheduleMapping() {
    }

    static String scheduleId(UUID taskId) {
        return "baton-task-" + taskId;
    }

    /** Temporal appends each fire time to this, so every run has its own id. */
    static String workflowId(UUID taskId) {
        return EmbeddedScheduleEngine.RUN_PREFIX + taskId;
    }

    static Schedule schedule(ScheduledTask task, ScheduleSpec spec, String taskQueue) {
        return Schedule.newBuilder()
                .setSpec(spec(spec))
                .setPolicy(SchedulePolicy.newBuilder()
                        .setOverlap(overlap(spec.overlapPolicy()))
                        .setCatchupWindow(CATCHUP_WINDOW)
                        // A failed run is recorded as a failed execution; the next one should still come.
                        .setPauseOnFailure(false)
                        .build())
                .setState(ScheduleState.newBuilder()
                        .setPaused(spec.paused())
                        .setNote(spec.note())
                        .build())
                .setAction(action(task, spec, taskQueue))
                .build();
    }

    /** The schedule's own memo, so operators can find a task's schedule in the Temporal Web UI. */
    static ScheduleOptions options(ScheduledTask task) {
        return ScheduleOptions.newBuilder()
                .setMemo(Map.of(
                        "taskId", task.taskId().toString(),
                        "userId", task.userId().toString(),
                        "taskName", task.taskName()))
                .build();
    }

    static io.temporal.client.schedules.ScheduleSpec spec(ScheduleSpec spec) {
        io.temporal.client.schedules.ScheduleSpec.Builder builder = io.temporal.client.schedules.ScheduleSpec
                .newBuilder()
                .setTimeZoneName(spec.timezone());
        if (spec.cron() != null) {
            builder.setCronExpressions(List.of(spec.cron()));
        } else {
            builder.setIntervals(List.of(new ScheduleIntervalSpec(Duration.ofSeconds(spec.intervalSeconds()))));
        }
        return builder.build();
    }

    static ScheduleActionStartWorkflow action(ScheduledTask task, ScheduleSpec spec, String taskQueue) {
        Map<String, Object> memo = new HashMap<>(Map.of(
                "taskId", task.taskId().toString(),
                "userId", task.userId().toString(),
                "taskName", task.taskName(),
                "triggerType", "scheduled"));
        if (spec.cron() != null) {
            memo.put(CRON_MEMO, spec.cron());
        }
        return ScheduleActionStartWorkflow.newBuilder()
                .setWorkflowType(ScheduledRunWorkflow.class)
                .setArguments(new ScheduledRunInput(task.taskId(), task.userId(), spec.variables()))
                .setOptions(WorkflowOptions.newBuilder()
                        .setWorkflowId(workflowId(task.taskId()))
                        .setTaskQueue(taskQueue)
                        .setMemo(memo)
                        .build())
                .build();
    }

    static ScheduleOverlapPolicy overlap(OverlapPolicy policy) {
        return switch (policy) {
            case SKIP -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP;
            case BUFFER_ONE -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ONE;
            case BUFFER_ALL -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_BUFFER_ALL;
            case CANCEL_OTHER -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER;
            case ALLOW_ALL -> ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL;
        };
    }

    static OverlapPolicy overlap(ScheduleOverlapPolicy policy) {
        if (policy == null) {
            return DEFAULT_OVERLAP;
        }
        return switch (policy) {
            case SCHEDULE_OVERLAP_POLICY_BUFFER_ONE -> OverlapPolicy.BUFFER_ONE;
            case SCHEDULE_OVERLAP_POLICY_BUFFER_ALL -> OverlapPolicy.BUFFER_ALL;
            case SCHEDULE_OVERLAP_POLICY_CANCEL_OTHER -> OverlapPolicy.CANCEL_OTHER;
            // Terminate-other is not something Baton sets; allowing all is the nearest that never drops a run.
            case SCHEDULE_OVERLAP_POLICY_ALLOW_ALL, SCHEDULE_OVERLAP_POLICY_TERMINATE_OTHER -> OverlapPolicy.ALLOW_ALL;
            default -> DEFAULT_OVERLAP;
        };
    }

    /** The schedule's own policy, so a manual run overlaps like a timed one; Temporal's default when unset. */
    static ScheduleOverlapPolicy overlapOf(Schedule schedule) {
        SchedulePolicy policy = schedule.getPolicy();
        if (policy == null || policy.getOverlap() == null
                || policy.getOverlap() == ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_UNSPECIFIED) {
            return overlap(DEFAULT_OVERLAP);
        }
        return policy.getOverlap();
    }

    static ScheduleSnapshot snapshot(ScheduleDescription description) {
        Schedule schedule = description.getSchedule();
        if (!(schedule.getAction() instanceof ScheduleActionStartWorkflow action)) {
            throw new IllegalStateException("schedule " + description.getId() + " does not start a workflow");
        }
        io.temporal.client.schedules.ScheduleSpec temporalSpec = schedule.getSpec();
        String cron = cron(temporalSpec, action);
        Long intervalSeconds = cron == null ? intervalSeconds(temporalSpec, description.getId()) : null;
        ScheduledRunInput input = action.getArguments().get(0, ScheduledRunInput.class);
        ScheduleState state = schedule.getState();
        String note = state == null || state.getNote() == null || state.getNote().isEmpty() ? null : state.getNote();
        ScheduleSpec spec = new ScheduleSpec(cron, intervalSeconds, temporalSpec.getTimeZoneName(),
                overlap(schedule.getPolicy() == null ? null : schedule.getPolicy().getOverlap()),
                input.variables(), state != null && state.isPaused(), note);
        List<Instant> next = description.getInfo() == null || description.getInfo().getNextActionTimes() == null
                ? List.of()
                : description.getInfo().getNextActionTimes().stream().limit(NEXT_RUN_TIMES).toList();
        return new ScheduleSnapshot(spec, next);
    }

    /** As Baton was given it: from the action memo, since a described spec holds only the compiled calendars. */
    private static String cron(io.temporal.client.schedules.ScheduleSpec spec, ScheduleActionStartWorkflow action) {
        Map<String, Object> memo = action.getOptions() == null ? null : action.getOptions().getMemo();
        Object value = memo == null ? null : memo.get(CRON_MEMO);
        if (value != null) {
            return memoString(value);
        }
        List<String> expressions = spec.getCronExpressions();
        return expressions == null || expressions.isEmpty() ? null : expressions.get(0);
    }

    private static Long intervalSeconds(io.temporal.client.schedules.ScheduleSpec spec, String scheduleId) {
        List<ScheduleIntervalSpec> intervals = spec.getIntervals();
        if (intervals == null || intervals.isEmpty()) {
            throw new IllegalStateException("schedule " + scheduleId + " has neither a cron memo nor an interval");
        }
        return intervals.get(0).getEvery().toSeconds();
    }

    /** Memo values come back from the server still encoded; ones built in this process are plain strings. */
    private static String memoString(Object value) {
        if (value instanceof EncodedValues encoded) {
            return encoded.get(0, String.class);
        }
        return value.toString();
    }
}
