package dev.baton.execution;

import com.fasterxml.jackson.annotation.JsonValue;
import io.temporal.api.history.v1.History;
import java.util.List;
import java.util.Locale;

/**
 * The answer of {@code GET /api/v1/executions/{id}/history}: a run's events and where they came from.
 *
 * @param source {@code temporal} while the Temporal server has the run, {@code archive} once only Baton's archive
 *         does, {@code none} when the execution has no run yet
 */
record ExecutionHistory(Source source, String workflowId, String runId, List<HistoryEvents.Event> events) {

    enum Source {
        TEMPORAL, ARCHIVE, NONE;

        @JsonValue
        String jsonValue() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    static ExecutionHistory of(Source source, String workflowId, String runId, History history) {
        return new ExecutionHistory(source, workflowId, runId, HistoryEvents.of(history.getEventsList()));
    }
}
