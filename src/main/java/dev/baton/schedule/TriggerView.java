package dev.baton.schedule;

import dev.baton.execution.ExecutionView;
import java.util.Locale;

/**
 * The answer to a trigger that was not dropped.
 *
 * @param outcome {@code started} or {@code buffered}
 * @param reason why a buffered run waits, naming the overlap policy; null for a started run
 * @param runWorkflowId the scheduled run's workflow, when it started
 * @param execution the execution the started run recorded; null while buffered, or if it was not recorded within
 *        a few seconds (then follow the schedule's {@code recentRuns})
 */
record TriggerView(String outcome, OverlapPolicy overlapPolicy, String reason, String runWorkflowId,
        ExecutionView execution) {

    static TriggerView of(TriggerResult result, OverlapPolicy policy, String reason, ExecutionView execution) {
        return new TriggerView(result.outcome().name().toLowerCase(Locale.ROOT), policy, reason,
                result.runWorkflowId(), execution);
    }
}
