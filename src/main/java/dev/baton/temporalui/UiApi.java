package dev.baton.temporalui;

import dev.baton.user.CurrentUser;
import io.grpc.Status;
import java.io.IOException;
import java.util.List;

/**
 * The {@code /api/v1/…} routes the Temporal Web UI calls, in its HTTP mapping of the WorkflowService. Only reads and
 * a workflow's cancellation are routed; every other call is refused with 403, so nothing else of the WorkflowService
 * (terminate, signal, reset, start, schedule writes, batch jobs …) is reachable through the UI port.
 */
final class UiApi {

    private final UiMetadata metadata;
    private final WorkflowCalls workflows;
    private final WorkflowListing listing;
    private final ScheduleListing schedules;

    UiApi(UiMetadata metadata, WorkflowCalls workflows, WorkflowListing listing, ScheduleListing schedules) {
        this.metadata = metadata;
        this.workflows = workflows;
        this.listing = listing;
        this.schedules = schedules;
    }

    /** Answers one request under {@code /api/v1}; {@code path} is what follows it. */
    String handle(CurrentUser user, UiExchange exchange, List<String> path) throws IOException {
        boolean read = exchange.method().equals("GET") || exchange.method().equals("HEAD");
        boolean post = exchange.method().equals("POST");
        int n = path.size();
        if (read && n == 1) {
            switch (path.getFirst()) {
                case "settings" -> {
                    return metadata.settings();
                }
                case "me" -> {
                    return metadata.me(user);
                }
                case "cluster-info" -> {
                    return metadata.clusterInfo();
                }
                case "system-info" -> {
                    return metadata.systemInfo();
                }
                case "namespaces" -> {
                    return metadata.namespaces();
                }
                default -> throw refused(exchange);
            }
        }
        if (n < 2 || !path.getFirst().equals("namespaces")) {
            throw refused(exchange);
        }
        metadata.requireNamespace(path.get(1));
        if (read && n == 2) {
            return metadata.namespace();
        }
        String kind = path.get(2);
        if (read && n == 3) {
            switch (kind) {
                case "workflows" -> {
                    return listing.list(user, exchange);
                }
                case "workflow-count" -> {
                    return listing.count(user, exchange);
                }
                case "search-attributes" -> {
                    return metadata.searchAttributes();
                }
                case "schedules" -> {
                    return schedules.list(user);
                }
                default -> throw refused(exchange);
            }
        }
        if (read && n == 4 && kind.equals("task-queues")) {
            return metadata.taskQueue(path.get(3));
        }
        if (read && n == 4 && kind.equals("schedules")) {
            return schedules.describe(user, path.get(3));
        }
        if (!kind.equals("workflows") || n < 4) {
            throw refused(exchange);
        }
        String workflowId = path.get(3);
        String action = n > 4 ? path.get(4) : "";
        if (read && n == 4) {
            return workflows.describe(user, workflowId, exchange.param("execution.runId").orElse(""));
        }
        if (read && n == 5 && action.equals("history")) {
            return workflows.history(user, workflowId, exchange);
        }
        if (read && n == 5 && action.equals("history-reverse")) {
            return workflows.historyReverse(user, workflowId, exchange);
        }
        if (post && n == 6 && action.equals("query")) {
            return workflows.query(user, workflowId, path.get(5), exchange.body());
        }
        if (post && n == 5 && action.equals("cancel")) {
            return workflows.cancel(user, workflowId, exchange, exchange.body());
        }
        if (post && n == 5 && action.equals("terminate")) {
            throw new UiFailure(403, Status.Code.PERMISSION_DENIED, "Terminating is not available here: a terminated"
                    + " workflow cannot record how its execution ended in Baton. Use Request Cancellation, which stops"
                    + " the CLI and records the execution as cancelled.");
        }
        throw refused(exchange);
    }

    private static UiFailure refused(UiExchange exchange) {
        return new UiFailure(403, Status.Code.PERMISSION_DENIED, exchange.method() + " " + exchange.rawPath()
                + " is not available in Baton's Temporal Web UI: it reads workflows and schedules and cancels workflows,"
                + " nothing else (use Baton's API at /api/v1 on Baton's own port for the rest)");
    }
}
