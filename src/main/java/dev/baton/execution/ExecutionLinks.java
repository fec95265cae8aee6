package dev.baton.execution;

import dev.baton.session.TurnListing;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.springframework.stereotype.Component;

/** Where an execution can be found: in Baton's API and in the Temporal Web UI. */
@Component
class ExecutionLinks {

    private final WorkflowProperties properties;

    ExecutionLinks(WorkflowProperties properties) {
        this.properties = properties;
    }

    ExecutionView.Links of(TaskExecution e) {
        String self = "/api/v1/executions/" + e.id();
        String session = e.sessionId() == null ? null : "/api/v1/sessions/" + e.sessionId() + "/messages";
        String base = properties.uiUrl().replaceAll("/+$", "");
        String ui = base + "/namespaces/" + encode(properties.namespace()) + "/workflows/" + encode(e.workflowId())
                + (e.runId() == null ? "" : "/" + encode(e.runId()) + "/history");
        return new ExecutionView.Links(self, self + "/history", session, ui);
    }

    ExecutionView view(TaskExecution e, ExecutionProgress progress) {
        return view(e, progress, null);
    }

    ExecutionView view(TaskExecution e, ExecutionProgress progress, List<TurnListing> turns) {
        ExecutionView.Error error = e.errorType() == null ? null
                : new ExecutionView.Error(e.errorType(), e.errorMessage(), e.errorCliMessage(), e.errorApiStatus());
        return new ExecutionView(e.id(), e.taskId(), e.status(), e.triggerType(), e.attempt(), e.sessionId(),
                e.response(), error, e.costUsd(), e.usage(), e.durationMs(), e.workflowId(), e.runId(), e.previousRunIds(),
                e.createdAt(),
                e.startedAt(), e.completedAt(), of(e), progress, e.maxBudgetUsd(), e.continuations(), turns);
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8);
    }
}
