package dev.baton.schedule;

import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One task's schedule, kept by a long-running workflow of Baton's own where the Temporal server has no Schedules
 * API (the embedded test server). Each fire starts a {@code ScheduledRunWorkflow} as an abandoned child, under the
 * spec's overlap policy.
 */
@WorkflowInterface
public interface TaskSchedulerWorkflow {

    /** Runs until {@link #stop()}; continues as new from time to time, carrying {@code state}. */
    @WorkflowMethod
    void run(SchedulerState state);

    /** No fires until {@link #unpause}; runs already started or buffered go on, and {@link #trigger()} still runs. */
    @SignalMethod
    void pause(String note);

    /** Fires resume from now on; fire times that passed while paused are not caught up. */
    @SignalMethod
    void unpause(String note);

    /** Starts a run now, under the overlap policy, even while paused (as Temporal Schedules do). */
    @SignalMethod
    void trigger();

    /**
     * {@link #trigger()} with an answer: whether the run started (and as which workflow), waits in the buffer or was
     * dropped by the overlap policy.
     */
    @UpdateMethod
    TriggerResult triggerNow();

    /** Replaces the spec, paused state and note included; the next fire time is computed afresh from now. */
    @SignalMethod
    void update(ScheduleSpec spec);

    /** Ends the scheduler; runs already started go on, buffered ones are dropped. */
    @SignalMethod
    void stop();

    /** The spec and the next five fire times after the workflow's current time; no times while paused. */
    @QueryMethod
    ScheduleSnapshot describe();
}
