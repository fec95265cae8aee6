package dev.baton.schedule;

import io.grpc.Status;
import io.temporal.api.enums.v1.ScheduleOverlapPolicy;
import io.temporal.client.schedules.Schedule;
import io.temporal.client.schedules.ScheduleActionExecution;
import io.temporal.client.schedules.ScheduleActionExecutionStartWorkflow;
import io.temporal.client.schedules.ScheduleActionResult;
import io.temporal.client.schedules.ScheduleAlreadyRunningException;
import io.temporal.client.schedules.ScheduleBackfill;
import io.temporal.client.schedules.ScheduleClient;
import io.temporal.client.schedules.ScheduleDescription;
import io.temporal.client.schedules.ScheduleException;
import io.temporal.client.schedules.ScheduleHandle;
import io.temporal.client.schedules.ScheduleListDescription;
import io.temporal.client.schedules.ScheduleOptions;
import io.temporal.client.schedules.ScheduleState;
import io.temporal.client.schedules.ScheduleUpdate;
import io.temporal.client.schedules.ScheduleUpdateInput;
import io.temporal.workflow.Functions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * An in-memory Schedules service that answers like the server does: already-exists on a second create, NOT_FOUND
 * (wrapped in a ScheduleException) for a missing schedule, pause and unpause write the note, and describe goes
 * through {@link DescribedSchedules}. It records the calls so tests can see which SDK method the engine chose.
 */
final class FakeScheduleClient implements ScheduleClient {

    final Map<String, Schedule> schedules = new HashMap<>();
    final Map<String, ScheduleOptions> options = new HashMap<>();
    final List<String> calls = new ArrayList<>();
    /** The runs a schedule has going, as a test sets them. */
    final Map<String, List<ScheduleActionExecution>> running = new HashMap<>();
    /** The runs triggers started, newest last. */
    final Map<String, List<ScheduleActionResult>> recent = new HashMap<>();

    @Override
    public ScheduleHandle createSchedule(String id, Schedule schedule, ScheduleOptions scheduleOptions) {
        calls.add("create " + id);
        if (schedules.containsKey(id)) {
            throw new ScheduleAlreadyRunningException(Status.ALREADY_EXISTS.asRuntimeException());
        }
        schedules.put(id, schedule);
        options.put(id, scheduleOptions);
        return getHandle(id);
    }

    @Override
    public ScheduleHandle getHandle(String id) {
        return new Handle(id);
    }

    @Override
    public Stream<ScheduleListDescription> listSchedules() {
        throw new UnsupportedOperationException();
    }

    @Override
    public Stream<ScheduleListDescription> listSchedules(Integer pageSize) {
        throw new UnsupportedOperationException();
    }

    @Override
    public Stream<ScheduleListDescription> listSchedules(String query, Integer pageSize) {
        throw new UnsupportedOperationException();
    }

    private final class Handle implements ScheduleHandle {

        private final String id;

        Handle(String id) {
            this.id = id;
        }

        private Schedule existing() {
            Schedule schedule = schedules.get(id);
            if (schedule == null) {
                throw new ScheduleException(Status.NOT_FOUND.withDescription("schedule not found").asRuntimeException());
            }
            return schedule;
        }

        private void setState(boolean paused, String note) {
            Schedule schedule = existing();
            schedules.put(id, Schedule.newBuilder(schedule)
                    .setState(ScheduleState.newBuilder(schedule.getState()).setPaused(paused).setNote(note).build())
                    .build());
        }

        @Override
        public String getId() {
            return id;
        }

        @Override
        public void backfill(List<ScheduleBackfill> backfills) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void delete() {
            calls.add("delete " + id);
            existing();
            schedules.remove(id);
        }

        @Override
        public ScheduleDescription describe() {
            calls.add("describe " + id);
            return DescribedSchedules.asDescribed(id, existing(), List.of(), running.getOrDefault(id, List.of()),
                    recent.getOrDefault(id, List.of()));
        }

        @Override
        public void pause(String note) {
            calls.add("pause " + id + " note=" + note);
            setState(true, note);
        }

        @Override
        public void pause() {
            pause("Paused via Java SDK");
        }

        @Override
        public void trigger(ScheduleOverlapPolicy overlapPolicy) {
            calls.add("trigger " + id + " " + overlapPolicy);
            existing();
            // As the server does for a trigger it runs at once: a new recent action names the run it started.
            List<ScheduleActionResult> runs = recent.computeIfAbsent(id, key -> new ArrayList<>());
            runs.add(new ScheduleActionResult(Instant.now(), Instant.now(), new ScheduleActionExecutionStartWorkflow(
                    id + "-run-" + (runs.size() + 1), "run-id-" + (runs.size() + 1))));
        }

        @Override
        public void trigger() {
            trigger(ScheduleOverlapPolicy.SCHEDULE_OVERLAP_POLICY_UNSPECIFIED);
        }

        @Override
        public void unpause(String note) {
            calls.add("unpause " + id + " note=" + note);
            setState(false, note);
        }

        @Override
        public void unpause() {
            unpause("Unpaused via Java SDK");
        }

        @Override
        public void update(Functions.Func1<ScheduleUpdateInput, ScheduleUpdate> updater) {
            calls.add("update " + id);
            ScheduleUpdate update = updater.apply(new ScheduleUpdateInput(describe()));
            existing();
            schedules.put(id, update.getSchedule());
        }
    }
}
