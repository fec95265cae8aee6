package dev.baton.schedule;

import dev.baton.execution.ExecutionStatus;
import dev.baton.execution.ScheduledRunInput;
import dev.baton.execution.ScheduledRunWorkflow;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.DynamicSignalHandler;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Stands in for the real run: records when it started and ended, and lasts {@code runSeconds} (a schedule
 * variable) of workflow time, so a test can make runs overlap fire times; with {@code untilReleased} it lasts until
 * it gets a {@code release} signal instead.
 */
public class RecordingRunWorkflow implements ScheduledRunWorkflow {

    static final String RUN_SECONDS = "runSeconds";
    static final String UNTIL_RELEASED = "untilReleased";

    private boolean released;

    static final List<Started> STARTED = new CopyOnWriteArrayList<>();
    static final List<Ended> ENDED = new CopyOnWriteArrayList<>();

    record Started(String workflowId, Instant at, ScheduledRunInput input) {
    }

    record Ended(String workflowId, Instant at, boolean cancelled) {
    }

    static void reset() {
        STARTED.clear();
        ENDED.clear();
    }

    static List<Instant> startTimes() {
        return STARTED.stream().map(Started::at).toList();
    }

    static List<String> startedIds() {
        return STARTED.stream().map(Started::workflowId).toList();
    }

    @Override
    public ExecutionStatus run(ScheduledRunInput input) {
        String id = Workflow.getInfo().getWorkflowId();
        if (!Workflow.isReplaying()) {
            STARTED.add(new Started(id, now(), input));
        }
        long seconds = Long.parseLong(input.variables().getOrDefault(RUN_SECONDS, "0"));
        try {
            if (input.variables().containsKey(UNTIL_RELEASED)) {
                Workflow.registerListener((DynamicSignalHandler) (name, args) -> released |= name.equals("release"));
                Workflow.await(() -> released);
            } else if (seconds > 0) {
                Workflow.sleep(Duration.ofSeconds(seconds));
            }
        } catch (CanceledFailure cancelled) {
            if (!Workflow.isReplaying()) {
                ENDED.add(new Ended(id, now(), true));
            }
            throw cancelled;
        }
        if (!Workflow.isReplaying()) {
            ENDED.add(new Ended(id, now(), false));
        }
        return ExecutionStatus.COMPLETED;
    }

    /**
     * Whole seconds: the test server's clock runs on in real time while a workflow task is processed, so a run
     * starts a few milliseconds after the fire time that started it.
     */
    private static Instant now() {
        return Instant.ofEpochMilli(Workflow.currentTimeMillis()).truncatedTo(ChronoUnit.SECONDS);
    }
}
