package dev.baton.temporalui;

import com.google.protobuf.Timestamp;
import dev.baton.archive.HistoryArchive.Entry;
import io.temporal.api.common.v1.Memo;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.common.converter.DataConverter;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The bridge's view of Baton's history archive (see {@code dev.baton.archive}): runs the embedded server no longer
 * holds open from their archived history, and carry a memo entry {@value #MARK} saying so, which the UI shows on the
 * run's page.
 */
final class ArchivedRuns implements ArchiveView {

    static final String MARK = "archived";
    private static final String MARK_TEXT = "yes: the embedded Temporal server no longer holds this run (past its "
            + "retention, or from before a restart); this is Baton's copy of its history, kept in PostgreSQL";

    private final dev.baton.archive.HistoryArchive archive;

    ArchivedRuns(dev.baton.archive.HistoryArchive archive) {
        this.archive = archive;
    }

    @Override
    public Optional<ArchivedRun> find(String workflowId, String runId) {
        Optional<String> run = runId == null || runId.isBlank()
                ? archive.latest(workflowId).map(dev.baton.archive.HistoryArchive.Run::runId)
                : Optional.of(runId);
        return run.flatMap(id -> archive.find(workflowId, id).map(history -> opened(workflowId, id, history)));
    }

    @Override
    public List<WorkflowExecutionInfo> list() {
        return archive.entries().stream().map(ArchivedRuns::listed).toList();
    }

    private static ArchivedRun opened(String workflowId, String runId, History history) {
        HistoryEvent first = history.getEvents(0);
        HistoryEvent last = history.getEvents(history.getEventsCount() - 1);
        var started = first.getWorkflowExecutionStartedEventAttributes();
        WorkflowExecutionInfo info = WorkflowExecutionInfo.newBuilder()
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId))
                .setType(started.getWorkflowType())
                .setTaskQueue(started.getTaskQueue().getName())
                .setStartTime(first.getEventTime())
                .setExecutionTime(first.getEventTime())
                .setCloseTime(last.getEventTime())
                .setStatus(status(last.getEventType().name().replaceFirst("^EVENT_TYPE_WORKFLOW_EXECUTION_", "")))
                .setHistoryLength(history.getEventsCount())
                .setMemo(Memo.newBuilder().putAllFields(started.getMemo().getFieldsMap())
                        .putFields(MARK, DataConverter.getDefaultInstance().toPayload(MARK_TEXT).orElseThrow()))
                .build();
        return new ArchivedRun(info, history.getEventsList());
    }

    private static WorkflowExecutionInfo listed(Entry entry) {
        return WorkflowExecutionInfo.newBuilder()
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(entry.run().workflowId())
                        .setRunId(entry.run().runId()))
                .setType(WorkflowType.newBuilder().setName(entry.workflowType()))
                .setStartTime(timestamp(entry.startedAt()))
                .setExecutionTime(timestamp(entry.startedAt()))
                .setCloseTime(timestamp(entry.closedAt()))
                .setStatus(status(entry.status()))
                .setHistoryLength(entry.eventCount())
                .setMemo(Memo.newBuilder()
                        .putFields(MARK, DataConverter.getDefaultInstance().toPayload(MARK_TEXT).orElseThrow()))
                .build();
    }

    /** @param name a close event's or the archive's status, e.g. {@code completed} or {@code TIMED_OUT} */
    static WorkflowExecutionStatus status(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        // The archive says "canceled" as Temporal's event types do; so does the status enum.
        try {
            return WorkflowExecutionStatus.valueOf("WORKFLOW_EXECUTION_STATUS_" + upper);
        } catch (IllegalArgumentException unknown) {
            return WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_UNSPECIFIED;
        }
    }

    private static Timestamp timestamp(Instant instant) {
        return Timestamp.newBuilder().setSeconds(instant.getEpochSecond()).setNanos(instant.getNano()).build();
    }
}
