package dev.baton.schedule;

/**
 * What a scheduler workflow starts from, and carries into its next run when it continues as new. It continues as
 * new only while no run is in flight or buffered, so there is no run to carry.
 *
 * @param cursorMillis fire times at or before this instant (epoch millis) are done with; {@code null} on a fresh
 *     start, which means "from the workflow's start time"
 * @param manualRuns how many runs {@code trigger} has asked for so far, which keeps manual run ids unique
 * @param continueAsNewAfter how many fires and triggers one run of the scheduler handles before it continues as new
 *     (at the next moment no run is in flight), which bounds its history
 */
public record SchedulerState(ScheduledTask task, ScheduleSpec spec, Long cursorMillis, long manualRuns,
        int continueAsNewAfter) {

    static final int DEFAULT_CONTINUE_AS_NEW_AFTER = 500;

    public SchedulerState {
        continueAsNewAfter = continueAsNewAfter > 0 ? continueAsNewAfter : DEFAULT_CONTINUE_AS_NEW_AFTER;
    }

    public static SchedulerState start(ScheduledTask task, ScheduleSpec spec) {
        return new SchedulerState(task, spec, null, 0, DEFAULT_CONTINUE_AS_NEW_AFTER);
    }
}
