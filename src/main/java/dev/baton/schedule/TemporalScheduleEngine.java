package dev.baton.schedule;

import dev.baton.Poll;
import dev.baton.execution.WorkflowProperties;
import dev.baton.web.NotFoundException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The engine for servers that have Temporal Schedules: one schedule per task, id {@code baton-task-<taskId>}, whose
 * action starts a {@code ScheduledRunWorkflow}. Temporal keeps the timetable, the overlap policy and the catch-up;
 * Baton only writes and reads it. See {@link TemporalScheduleMapping} for how a spec is stored.
 */
class TemporalScheduleEngine implements ScheduleEngine {

    /** How long a trigger looks for the run it started among the schedule's recent actions. */
    static final Duration STARTED_RUN_WAIT = Duration.ofSeconds(10);
    private static final Duration STARTED_RUN_POLL = Duration.ofMillis(200);

    private final ScheduleClient client;
    private final WorkflowProperties properties;

    public TemporalScheduleEngine(ScheduleClient client, WorkflowProperties properties) {
        this.client = client;
        this.properties = properties;
    }

    @Override
    public String name() {
        return "temporal";
    }

    @Override
    public void upsert(ScheduledTask task, ScheduleSpec spec) {
        String id = TemporalScheduleMapping.scheduleId(task.taskId());
        Schedule schedule = TemporalScheduleMapping.schedule(task, spec, properties.taskQueue());
        try {
            client.createSchedule(id, schedule, TemporalScheduleMapping.options(task));
        } catch (ScheduleAlreadyRunningException exists) {
            // An update replaces the whole schedule, state included, so paused and note change with the spec.
            client.getHandle(id).update(input -> new ScheduleUpdate(schedule));
        }
    }

    @Override
    public Optional<ScheduleSnapshot> describe(UUID taskId) {
        try {
            return Optional.of(TemporalScheduleMapping.snapshot(handle(taskId).describe()));
        } catch (RuntimeException e) {
            if (notFound(e)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void delete(UUID taskId) {
        try {
            handle(taskId).delete();
        } catch (RuntimeException e) {
            if (!notFound(e)) {
                throw e;
            }
        }
    }

    @Override
    public void pause(UUID taskId, String note) {
        setPaused(taskId, true, note);
    }

    @Override
    public void unpause(UUID taskId, String note) {
        setPaused(taskId, false, note);
    }

    /**
     * Triggers with the schedule's own overlap policy. The server answers a trigger with nothing, so what it did is
     * read from the schedule: a policy that would not start the run now is answered from the running actions, and a
     * started run is looked for among the recent actions for a while.
     */
    @Override
    public TriggerResult trigger(UUID taskId) {
        ScheduleHandle handle = handle(taskId);
        ScheduleDescription description = existing(taskId, handle::describe);
        ScheduleOverlapPolicy overlap = TemporalScheduleMapping.overlapOf(description.getSchedule());
        boolean busy = !description.getInfo().getRunningActions().isEmpty();
        if (busy && overlap == ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_SKIP) {
            // The server would drop it as well; asking it to would only count one more skipped action.
            return TriggerResult.skipped();
        }
        Set<String> earlier = recentRuns(description).keySet();
        existing(taskId, () -> {
            handle.trigger(overlap);
            return null;
        });
        if (busy && overlap != ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_ALLOW_ALL) {
            return TriggerResult.buffered();
        }
        return Poll.until(() -> recentRuns(existing(taskId, handle::describe)).entrySet().stream()
                        .filter(run -> !earlier.contains(run.getKey())).findFirst(), STARTED_RUN_WAIT, STARTED_RUN_POLL)
                .map(run -> TriggerResult.started(run.getKey(), run.getValue()))
                .orElse(new TriggerResult(TriggerResult.Outcome.STARTED, null, null));
    }

    /** The workflow ids and first run ids of the schedule's recent runs. */
    private static Map<String, String> recentRuns(ScheduleDescription description) {
        Map<String, String> runs = new LinkedHashMap<>();
        for (ScheduleActionResult result : description.getInfo().getRecentActions()) {
            if (result.getAction() instanceof ScheduleActionExecutionStartWorkflow run) {
                runs.put(run.getWorkflowId(), run.getFirstExecutionRunId());
            }
        }
        return runs;
    }

    private void setPaused(UUID taskId, boolean paused, String note) {
        ScheduleHandle handle = handle(taskId);
        existing(taskId, () -> {
            if (note == null || note.isBlank()) {
                // The SDK would write its own "Paused via Java SDK" note; Baton keeps the schedule's note instead.
                handle.update(input -> {
                    Schedule current = input.getDescription().getSchedule();
                    ScheduleState state = current.getState();
                    return new ScheduleUpdate(Schedule.newBuilder(current)
                            .setState(ScheduleState.newBuilder(state)
                                    .setPaused(paused)
                                    .setNote(note == null ? state.getNote() : note)
                                    .build())
                            .build());
                });
            } else if (paused) {
                handle.pause(note);
            } else {
                handle.unpause(note);
            }
            return null;
        });
    }

    private ScheduleHandle handle(UUID taskId) {
        return client.getHandle(TemporalScheduleMapping.scheduleId(taskId));
    }

    /** Runs a call on a schedule that must exist, turning the server's not-found into Baton's. */
    private static <T> T existing(UUID taskId, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (notFound(e)) {
                throw new NotFoundException("schedule of task", taskId);
            }
            throw e;
        }
    }

    /** The SDK wraps the gRPC status in a ScheduleException, sometimes more than one level down. */
    static boolean notFound(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StatusRuntimeException status && status.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return true;
            }
        }
        return false;
    }
}
