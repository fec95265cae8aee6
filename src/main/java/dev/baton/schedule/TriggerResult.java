package dev.baton.schedule;

/**
 * What a trigger did under the schedule's overlap policy.
 *
 * @param runWorkflowId the scheduled run's workflow, when one started
 * @param runId its first run id, when one started
 */
public record TriggerResult(Outcome outcome, String runWorkflowId, String runId) {

    public enum Outcome {
        /** A run started now. */
        STARTED,
        /** A run is still going; this one waits and starts when it ends (buffer policies, cancel_other). */
        BUFFERED,
        /** The overlap policy dropped it. */
        SKIPPED
    }

    static TriggerResult started(String runWorkflowId, String runId) {
        return new TriggerResult(Outcome.STARTED, runWorkflowId, runId);
    }

    static TriggerResult buffered() {
        return new TriggerResult(Outcome.BUFFERED, null, null);
    }

    static TriggerResult skipped() {
        return new TriggerResult(Outcome.SKIPPED, null, null);
    }
}
