package dev.baton.temporalui;

import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import java.util.List;
import java.util.Optional;

/**
 * Where the bridge finds runs the embedded server no longer holds: closed ones past their retention, and every run
 * from before a restart (the embedded server keeps its state in memory). The UI opens such a run from here and marks
 * it archived.
 */
interface ArchiveView {

    /** A run as the archive keeps it: what a listing shows, and its whole event history. */
    record ArchivedRun(WorkflowExecutionInfo info, List<HistoryEvent> events) {
    }

    /** The run, or with a blank {@code runId} the workflow's latest archived run. */
    Optional<ArchivedRun> find(String workflowId, String runId);

    /** What every archived run shows in a listing. */
    List<WorkflowExecutionInfo> list();
}
