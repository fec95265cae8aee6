package dev.baton.schedule;

import java.util.Optional;
import java.util.UUID;

/**
 * Keeps task timetables in Temporal. Two implementations behave the same to callers: Temporal Schedules where the
 * server has them, and a scheduler workflow of Baton's own where it does not (the embedded test server). Every
 * run either engine starts is a {@code ScheduledRunWorkflow}, which records an execution with trigger
 * {@code scheduled} and runs the ordinary execution workflow.
 */
public interface ScheduleEngine {

    /** {@code temporal} or {@code embedded}. */
    String name();

    /** Creates the schedule, or replaces its spec (including paused and note) when it exists. */
    void upsert(ScheduledTask task, ScheduleSpec spec);

    Optional<ScheduleSnapshot> describe(UUID taskId);

    /** Removes the schedule; runs already started go on. Does nothing when there is none. */
    void delete(UUID taskId);

    void pause(UUID taskId, String note);

    void unpause(UUID taskId, String note);

    /** Starts a run now, under the schedule's overlap policy, and says whether it started, waits or was dropped. */
    TriggerResult trigger(UUID taskId);
}
