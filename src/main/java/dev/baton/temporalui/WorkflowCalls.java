package dev.baton.temporalui;

import com.google.protobuf.ByteString;
import dev.baton.execution.WorkflowProperties;
import dev.baton.schedule.EmbeddedScheduleEngine;
import dev.baton.user.CurrentUser;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryReverseResponse;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.RequestCancelWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc.WorkflowServiceBlockingStub;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The WorkflowService calls the UI makes on one workflow, passed straight through to the embedded server after the
 * access check, with the two changes it needs: a closed run's history is read without waiting for new events (the
 * test server would hold such a call open), and the reverse history, which it lacks, is the forward one reversed.
 * A run the server no longer holds comes from the {@link ArchiveView}.
 */
final class WorkflowCalls {

    /** How long a history call waits for new events of a running workflow before answering "none yet". */
    static final long LONG_POLL_SECONDS = 20;
    private static final long CALL_SECONDS = 30;
    private static final int DEFAULT_PAGE = 1000;

    private final WorkflowServiceStubs stubs;
    private final WorkflowAccess access;
    private final ArchiveView archive;
    private final String namespace;

    WorkflowCalls(WorkflowServiceStubs stubs, WorkflowAccess access, ArchiveView archive,
            WorkflowProperties properties) {
        this.stubs = stubs;
        this.access = access;
        this.archive = archive;
        this.namespace = properties.namespace();
    }

    String describe(CurrentUser user, String workflowId, String runId) {
        access.require(user, workflowId);
        return ProtoJson.print(describeRun(workflowId, runId));
    }

    String history(CurrentUser user, String workflowId, UiExchange request) {
        access.require(user, workflowId);
        String runId = request.param("execution.runId").orElse("");
        var builder = GetWorkflowExecutionHistoryRequest.newBuilder()
                .setNamespace(namespace)
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId))
                .setMaximumPageSize(pageSize(request));
        pageToken(request).ifPresent(builder::setNextPageToken);
        boolean wait = request.param("waitNewEvent").map(Boolean::parseBoolean).orElse(false);
        if (wait && !isRunning(describeRun(workflowId, runId))) {
            wait = false;
        }
        builder.setWaitNewEvent(wait);
        try {
            return ProtoJson.print(stub(wait ? LONG_POLL_SECONDS + CALL_SECONDS : CALL_SECONDS)
                    .getWorkflowExecutionHistory(builder.build()));
        } catch (StatusRuntimeException e) {
            if (wait && e.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
                // Nothing new yet: the UI asks again with the same token.
                return ProtoJson.print(GetWorkflowExecutionHistoryResponse.newBuilder()
                        .setHistory(History.getDefaultInstance()).setNextPageToken(builder.getNextPageToken()).build());
            }
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return archive.find(workflowId, runId)
                        .map(run -> ProtoJson.print(GetWorkflowExecutionHistoryResponse.newBuilder()
                                .setHistory(History.newBuilder().addAllEvents(run.events())).build()))
                        .orElseThrow(() -> WorkflowAccess.notFound(workflowId));
            }
            throw UiFailure.of(e);
        }
    }

    /** Newest event first, in pages; the offset into the reversed list is the page token. */
    String historyReverse(CurrentUser user, String workflowId, UiExchange request) {
        access.require(user, workflowId);
        String runId = request.param("execution.runId").orElse("");
        List<HistoryEvent> events = new ArrayList<>(allEvents(workflowId, runId));
        java.util.Collections.reverse(events);
        int from = offset(request);
        int to = Math.min(events.size(), from + pageSize(request));
        var response = GetWorkflowExecutionHistoryReverseResponse.newBuilder()
                .setHistory(History.newBuilder().addAllEvents(events.subList(Math.min(from, to), to)));
        if (to < events.size()) {
            response.setNextPageToken(offsetToken(to));
        }
        return ProtoJson.print(response);
    }

    String query(CurrentUser user, String workflowId, String queryType, String body) {
        access.require(user, workflowId);
        var builder = ProtoJson.merge(body, QueryWorkflowRequest.newBuilder()).setNamespace(namespace);
        builder.getExecutionBuilder().setWorkflowId(workflowId);
        builder.getQueryBuilder().setQueryType(queryType);
        try {
            return ProtoJson.print(stub(CALL_SECONDS).queryWorkflow(builder.build()));
        } catch (StatusRuntimeException e) {
            throw UiFailure.of(e);
        }
    }

    /**
     * Asks the workflow to cancel, as Baton's own cancel does: an execution's workflow then stops its CLI and records
     * {@code cancelled}. A schedule's own workflow is refused: cancelling it would stop the schedule behind Baton's
     * back; schedules are changed through Baton's API.
     */
    String cancel(CurrentUser user, String workflowId, UiExchange request, String body) {
        access.require(user, workflowId);
        if (EmbeddedScheduleEngine.isScheduler(workflowId)) {
            throw new UiFailure(400, Status.Code.FAILED_PRECONDITION, "Workflow " + workflowId + " keeps a task's"
                    + " schedule; pause or delete the schedule through Baton's API instead of cancelling it here");
        }
        var builder = ProtoJson.merge(body, RequestCancelWorkflowExecutionRequest.newBuilder())
                .setNamespace(namespace)
                .setIdentity("baton-ui:" + user.username())
                .setRequestId(UUID.randomUUID().toString())
                .setReason("Cancellation requested in the Temporal Web UI by " + user.username());
        builder.getWorkflowExecutionBuilder().setWorkflowId(workflowId);
        request.param("execution.runId").or(() -> request.param("workflowExecution.runId"))
                .ifPresent(runId -> builder.getWorkflowExecutionBuilder().setRunId(runId));
        try {
            return ProtoJson.print(stub(CALL_SECONDS).requestCancelWorkflowExecution(builder.build()));
        } catch (StatusRuntimeException e) {
            throw UiFailure.of(e);
        }
    }

    /** The run as the server describes it, or as the archive keeps it. */
    DescribeWorkflowExecutionResponse describeRun(String workflowId, String runId) {
        var request = DescribeWorkflowExecutionRequest.newBuilder().setNamespace(namespace)
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId)).build();
        try {
            return stub(CALL_SECONDS).describeWorkflowExecution(request);
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return archive.find(workflowId, runId)
                        .map(run -> DescribeWorkflowExecutionResponse.newBuilder()
                                .setWorkflowExecutionInfo(run.info()).build())
                        .orElseThrow(() -> WorkflowAccess.notFound(workflowId));
            }
            throw UiFailure.of(e);
        }
    }

    private List<HistoryEvent> allEvents(String workflowId, String runId) {
        List<HistoryEvent> events = new ArrayList<>();
        var request = GetWorkflowExecutionHistoryRequest.newBuilder().setNamespace(namespace)
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId).setRunId(runId));
        try {
            do {
                var page = stub(CALL_SECONDS).getWorkflowExecutionHistory(request.build());
                events.addAll(page.getHistory().getEventsList());
                request.setNextPageToken(page.getNextPageToken());
            } while (!request.getNextPageToken().isEmpty());
            return events;
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return archive.find(workflowId, runId).map(ArchiveView.ArchivedRun::events)
                        .orElseThrow(() -> WorkflowAccess.notFound(workflowId));
            }
            throw UiFailure.of(e);
        }
    }

    private static boolean isRunning(DescribeWorkflowExecutionResponse run) {
        return run.getWorkflowExecutionInfo().getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING;
    }

    private WorkflowServiceBlockingStub stub(long seconds) {
        return stubs.blockingStub().withDeadlineAfter(seconds, TimeUnit.SECONDS);
    }

    static int pageSize(UiExchange request) {
        Optional<String> size = request.param("maximumPageSize").or(() -> request.param("pageSize"));
        try {
            int value = size.map(Integer::parseInt).orElse(DEFAULT_PAGE);
            return value <= 0 ? DEFAULT_PAGE : Math.min(value, DEFAULT_PAGE);
        } catch (NumberFormatException e) {
            throw UiFailure.badRequest("The page size must be a number, not '" + size.orElse("") + "'");
        }
    }

    /** The UI sends back the base64 token it was given, as {@code nextPageToken} or {@code next_page_token}. */
    static Optional<ByteString> pageToken(UiExchange request) {
        return request.param("nextPageToken").or(() -> request.param("next_page_token")).map(token -> {
            try {
                String padded = token.replace(' ', '+');
                byte[] bytes = padded.contains("-") || padded.contains("_") ? Base64.getUrlDecoder().decode(padded)
                        : Base64.getDecoder().decode(padded);
                return ByteString.copyFrom(bytes);
            } catch (IllegalArgumentException e) {
                throw UiFailure.badRequest("nextPageToken is not a token this server gave out");
            }
        });
    }

    /** Where an emulated listing goes on: the offset its previous page's token names. */
    static int offset(UiExchange request) {
        return pageToken(request).map(token -> {
            try {
                return Math.max(0, Integer.parseInt(token.toString(StandardCharsets.UTF_8)));
            } catch (NumberFormatException e) {
                throw UiFailure.badRequest("nextPageToken is not a token this server gave out");
            }
        }).orElse(0);
    }

    static ByteString offsetToken(int offset) {
        return ByteString.copyFromUtf8(Integer.toString(offset));
    }
}
