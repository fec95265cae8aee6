package dev.baton.schedule;

import dev.baton.execution.ExecutionStatus;
import dev.baton.execution.ScheduledRunInput;
import dev.baton.execution.ScheduledRunWorkflow;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.ParentClosePolicy;
import io.temporal.workflow.Async;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.ChildWorkflowOptions;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The loop: sleep until the next fire time or a signal, start or buffer or drop the due run under the overlap
 * policy, and continue as new once enough has happened and nothing is in flight. Everything it decides follows from
 * its state, workflow time and the events in its history, so it replays deterministically.
 *
 * <p>Fire times are tracked with a cursor: every fire time at or before it is done with. A wake-up that finds
 * several fire times past (a worker was down) starts one run for the earliest and moves the cursor to now, so
 * missed fires collapse into one run instead of a burst.
 */
public class TaskSchedulerWorkflowImpl implements TaskSchedulerWorkflow {

    private ScheduledTask task;
    private ScheduleSpec spec;
    private long cursor;
    private long manualRuns;
    private int triggersWaiting;
    private boolean stopped;
    private boolean woken;
    /** Fires and triggers handled by this run, which bounds its history (see SchedulerState). */
    private int handled;
    /** Signals can be delivered before {@link #run} has read the state; they are applied right after it has. */
    private final List<Runnable> beforeStart = new ArrayList<>();
    private final List<Run> running = new ArrayList<>();
    private final Deque<String> buffered = new ArrayDeque<>();

    /** A started run, with the scope that cancels it (cancel_other). */
    private record Run(String workflowId, CancellationScope scope, Promise<ExecutionStatus> result,
            Promise<WorkflowExecution> execution) {
    }

    @Override
    public void run(SchedulerState state) {
        task = state.task();
        spec = state.spec();
        cursor = state.cursorMillis() != null ? state.cursorMillis() : Workflow.currentTimeMillis();
        manualRuns = state.manualRuns();
        beforeStart.forEach(Runnable::run);
        beforeStart.clear();
        while (!stopped) {
            woken = false;
            reapEndedRuns();
            if (triggersWaiting > 0) {
                triggersWaiting--;
                handled++;
                due(manualRunId());
                continue;
            }
            long now = Workflow.currentTimeMillis();
            Instant next = ScheduleTimes.next(spec, Instant.ofEpochMilli(cursor));
            if (!spec.paused() && next.toEpochMilli() <= now) {
                cursor = now;
                handled++;
                due(EmbeddedScheduleEngine.RUN_PREFIX + task.taskId() + "-" + next.getEpochSecond());
                continue;
            }
            if (running.isEmpty() && buffered.isEmpty()
                    && (handled >= state.continueAsNewAfter() || Workflow.getInfo().isContinueAsNewSuggested())) {
                Workflow.continueAsNew(new SchedulerState(task, spec, cursor, manualRuns, state.continueAsNewAfter()));
            }
            if (spec.paused()) {
                Workflow.await(() -> woken || aRunEnded());
            } else {
                Workflow.await(Duration.ofMillis(next.toEpochMilli() - now), () -> woken || aRunEnded());
            }
        }
    }

    /**
     * The time keeps the id unique after the schedule is deleted and made again (the count restarts), while an
     * abandoned manual run of the old one may still be running under its id.
     */
    private String manualRunId() {
        // The time keeps the id unique after the schedule is deleted and made again (the count restarts), while an
        // abandoned manual run of the old one may still be running under its id.
        return EmbeddedScheduleEngine.RUN_PREFIX + task.taskId() + "-manual-" + Workflow.currentTimeMillis() / 1000
                + "-" + ++manualRuns;
    }

    private boolean aRunEnded() {
        return running.stream().anyMatch(run -> run.result().isCompleted());
    }

    /** Forgets runs that ended (however they ended) and starts the next buffered one when none is left running. */
    private void reapEndedRuns() {
        running.removeIf(TaskSchedulerWorkflowImpl::ended);
        if (running.isEmpty() && !buffered.isEmpty()) {
            start(buffered.removeFirst());
        }
    }

    /**
     * A run that failed or was cancelled has ended all the same; its failure is the run's own business, read here
     * only so the SDK does not log it as ignored.
     */
    private static boolean ended(Run run) {
        if (!run.result().isCompleted()) {
            return false;
        }
        run.result().getFailure();
        return true;
    }

    private TriggerResult.Outcome due(String workflowId) {
        boolean idle = running.isEmpty() && buffered.isEmpty();
        if (idle || spec.overlapPolicy() == OverlapPolicy.ALLOW_ALL) {
            start(workflowId);
            return TriggerResult.Outcome.STARTED;
        }
        switch (spec.overlapPolicy()) {
            case BUFFER_ONE -> {
                if (!buffered.isEmpty()) {
                    return TriggerResult.Outcome.SKIPPED;
                }
                buffered.add(workflowId);
            }
            case BUFFER_ALL -> buffered.add(workflowId);
            case CANCEL_OTHER -> {
                // As Temporal Schedules do: the new run starts once the cancelled ones have ended, so two never
                // overlap; it waits in the buffer, replacing any run already waiting there.
                running.forEach(run -> run.scope().cancel());
                buffered.clear();
                buffered.add(workflowId);
            }
            default -> {
                return TriggerResult.Outcome.SKIPPED;
            }
        }
        return TriggerResult.Outcome.BUFFERED;
    }

    private void start(String workflowId) {
        ScheduledRunWorkflow child = Workflow.newChildWorkflowStub(ScheduledRunWorkflow.class,
                ChildWorkflowOptions.newBuilder()
                        .setWorkflowId(workflowId)
                        // A run outlives its schedule: deleting or stopping the scheduler leaves it running.
                        .setParentClosePolicy(ParentClosePolicy.PARENT_CLOSE_POLICY_ABANDON)
                        .build());
        ScheduledRunInput input = new ScheduledRunInput(task.taskId(), task.userId(), spec.variables());
        List<Promise<ExecutionStatus>> result = new ArrayList<>(1);
        CancellationScope scope = Workflow.newCancellationScope(() -> result.add(Async.function(child::run, input)));
        scope.run();
        running.add(new Run(workflowId, scope, result.getFirst(), Workflow.getWorkflowExecution(child)));
    }

    @Override
    public void pause(String note) {
        if (notStarted(() -> pause(note))) {
            return;
        }
        spec = spec.withPaused(true, note);
        woken = true;
    }

    @Override
    public void unpause(String note) {
        if (notStarted(() -> unpause(note))) {
            return;
        }
        if (spec.paused()) {
            cursor = Workflow.currentTimeMillis();
        }
        spec = spec.withPaused(false, note);
        woken = true;
    }

    @Override
    public void trigger() {
        triggersWaiting++;
        woken = true;
    }

    @Override
    public TriggerResult triggerNow() {
        Workflow.await(() -> spec != null);
        reapEndedRuns();
        handled++;
        woken = true;
        String workflowId = manualRunId();
        TriggerResult.Outcome outcome = due(workflowId);
        if (outcome != TriggerResult.Outcome.STARTED) {
            return new TriggerResult(outcome, null, null);
        }
        Run run = running.stream().filter(r -> r.workflowId().equals(workflowId)).findFirst().orElseThrow();
        return TriggerResult.started(workflowId, run.execution().get().getRunId());
    }

    @Override
    public void update(ScheduleSpec newSpec) {
        if (notStarted(() -> update(newSpec))) {
            return;
        }
        spec = newSpec;
        cursor = Workflow.currentTimeMillis();
        woken = true;
    }

    @Override
    public void stop() {
        stopped = true;
        woken = true;
    }

    @Override
    public ScheduleSnapshot describe() {
        if (spec == null) {
            throw new IllegalStateException("the scheduler has not read its state yet");
        }
        // Nothing fires while paused; and the workflow's time stands still at the pause, so times computed from it
        // would already be in the past.
        return new ScheduleSnapshot(spec, spec.paused()
                ? List.of()
                : ScheduleTimes.next(spec, Instant.ofEpochMilli(Workflow.currentTimeMillis()), 5));
    }

    private boolean notStarted(Runnable signal) {
        if (spec == null) {
            beforeStart.add(signal);
            return true;
        }
        return false;
    }
}
