package dev.baton.temporalui;

import com.google.protobuf.ByteString;
import com.google.protobuf.Timestamp;
import dev.baton.schedule.EmbeddedScheduleEngine;
import dev.baton.schedule.TaskSchedulerWorkflow;
import dev.baton.user.CurrentUser;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.CountWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * ListWorkflowExecutions and CountWorkflowExecutions, which the embedded test server does not implement: its open
 * and closed lists (plus archived runs it no longer holds), narrowed to what the caller may see, filtered with
 * {@link VisibilityQuery}, newest first, in pages whose token is an offset.
 */
final class WorkflowListing {

    /** What Temporal marks its schedules' own workflows with; Baton's scheduler workflows play that part here. */
    static final String SCHEDULER_DIVISION = "TemporalScheduler";
    private static final String SCHEDULER_TYPE = TaskSchedulerWorkflow.class.getSimpleName();

    private final WorkflowServiceStubs stubs;
    private final WorkflowAccess access;
    private final ArchiveView archive;
    private final String namespace;
    /** Closed runs never change, so each is described once; the bound keeps memory flat. */
    private final Map<String, WorkflowExecutionInfo> closedRuns = new java.util.concurrent.ConcurrentHashMap<>();
    static final int MAX_CACHED_RUNS = 20_000;

    WorkflowListing(WorkflowServiceStubs stubs, WorkflowAccess access, ArchiveView archive, String namespace) {
        this.stubs = stubs;
        this.access = access;
        this.archive = archive;
        this.namespace = namespace;
    }

    String list(CurrentUser user, UiExchange request) {
        VisibilityQuery query = query(request);
        if (query.groupBy() != null) {
            throw UiFailure.badRequest("GROUP BY belongs in a count, not in a list");
        }
        List<WorkflowExecutionInfo> rows = matching(user, query);
        int from = Math.min(WorkflowCalls.offset(request), rows.size());
        int to = Math.min(rows.size(), from + WorkflowCalls.pageSize(request));
        var response = ListWorkflowExecutionsResponse.newBuilder().addAllExecutions(rows.subList(from, to));
        if (to < rows.size()) {
            response.setNextPageToken(WorkflowCalls.offsetToken(to));
        }
        return ProtoJson.print(response);
    }

    String count(CurrentUser user, UiExchange request) {
        VisibilityQuery query = query(request);
        List<WorkflowExecutionInfo> rows = matching(user, query);
        var response = CountWorkflowExecutionsResponse.newBuilder().setCount(rows.size());
        if (query.groupBy() != null) {
            Map<String, Long> byStatus = rows.stream().collect(Collectors.groupingBy(
                    row -> statusName(row.getStatus()), LinkedHashMap::new, Collectors.counting()));
            byStatus.forEach((status, count) -> response.addGroupsBuilder().setCount(count)
                    .addGroupValues(jsonPayload("\"" + status + "\"")));
        }
        return ProtoJson.print(response);
    }

    private static VisibilityQuery query(UiExchange request) {
        try {
            return VisibilityQuery.parse(request.param("query").orElse(""));
        } catch (VisibilityQuery.Invalid e) {
            throw UiFailure.badRequest(e.getMessage());
        }
    }

    private List<WorkflowExecutionInfo> matching(CurrentUser user, VisibilityQuery query) {
        List<WorkflowExecutionInfo> all = all();
        Set<String> visible = access.visible(user,
                all.stream().map(row -> row.getExecution().getWorkflowId()).collect(Collectors.toSet()));
        return all.stream()
                .filter(row -> visible.contains(row.getExecution().getWorkflowId()))
                .filter(row -> query.matches(attributes(row)))
                .sorted(Comparator.comparing((WorkflowExecutionInfo row) -> instant(row.getStartTime())).reversed()
                        .thenComparing(row -> row.getExecution().getRunId()))
                .toList();
    }

    /** Every run: the server's open and closed ones, and archived ones it no longer holds. */
    private List<WorkflowExecutionInfo> all() {
        try {
            var blocking = stubs.blockingStub().withDeadlineAfter(30, TimeUnit.SECONDS);
            var open = blocking.listOpenWorkflowExecutions(
                    ListOpenWorkflowExecutionsRequest.newBuilder().setNamespace(namespace).build());
            var closed = blocking.listClosedWorkflowExecutions(
                    ListClosedWorkflowExecutionsRequest.newBuilder().setNamespace(namespace).build());
            Map<String, WorkflowExecutionInfo> byRun = new HashMap<>();
            archive.list().forEach(row -> byRun.put(row.getExecution().getRunId(), row));
            Stream.of(closed.getExecutionsList(), open.getExecutionsList()).flatMap(List::stream)
                    .forEach(row -> byRun.put(row.getExecution().getRunId(), described(row)));
            return List.copyOf(byRun.values());
        } catch (StatusRuntimeException e) {
            throw UiFailure.of(e);
        }
    }

    /**
     * The test server's lists leave out the close time, memo and task queue; its description of the run has them.
     */
    private WorkflowExecutionInfo described(WorkflowExecutionInfo listed) {
        String runId = listed.getExecution().getRunId();
        WorkflowExecutionInfo cached = closedRuns.get(runId);
        if (cached != null) {
            return cached;
        }
        try {
            WorkflowExecutionInfo info = stubs.blockingStub().withDeadlineAfter(10, TimeUnit.SECONDS)
                    .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder().setNamespace(namespace)
                            .setExecution(listed.getExecution()).build())
                    .getWorkflowExecutionInfo();
            if (info.getStatus() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING) {
                if (closedRuns.size() >= MAX_CACHED_RUNS) {
                    closedRuns.clear();
                }
                closedRuns.put(runId, info);
            }
            return info;
        } catch (StatusRuntimeException e) {
            return listed;
        }
    }

    /** The search attributes {@link VisibilityQuery} filters on. */
    static Map<String, Object> attributes(WorkflowExecutionInfo row) {
        Map<String, Object> values = new HashMap<>();
        values.put("WorkflowId", row.getExecution().getWorkflowId());
        values.put("RunId", row.getExecution().getRunId());
        values.put("WorkflowType", row.getType().getName());
        values.put("ExecutionStatus", statusName(row.getStatus()));
        values.put("TaskQueue", row.getTaskQueue());
        values.put("StartTime", row.hasStartTime() ? instant(row.getStartTime()) : null);
        values.put("ExecutionTime", row.hasExecutionTime() ? instant(row.getExecutionTime()) : null);
        values.put("CloseTime", row.hasCloseTime() ? instant(row.getCloseTime()) : null);
        values.put("ParentWorkflowId", row.hasParentExecution() ? row.getParentExecution().getWorkflowId() : null);
        values.put("ParentRunId", row.hasParentExecution() ? row.getParentExecution().getRunId() : null);
        values.put("TemporalNamespaceDivision", SCHEDULER_TYPE.equals(row.getType().getName()) ? SCHEDULER_DIVISION : null);
        String workflowId = row.getExecution().getWorkflowId();
        values.put("TemporalScheduledById", workflowId.startsWith(EmbeddedScheduleEngine.RUN_PREFIX)
                ? EmbeddedScheduleEngine.taskOf(workflowId).map(EmbeddedScheduleEngine::workflowId).orElse(null) : null);
        return values;
    }

    /** {@code WORKFLOW_EXECUTION_STATUS_TIMED_OUT} → {@code TimedOut}, as Temporal's queries spell statuses. */
    static String statusName(WorkflowExecutionStatus status) {
        String[] words = status.name().replaceFirst("^WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(Locale.ROOT).split("_");
        StringBuilder name = new StringBuilder();
        for (String word : words) {
            name.append(Character.toUpperCase(word.charAt(0))).append(word.substring(1));
        }
        return name.toString();
    }

    static Payload jsonPayload(String json) {
        return Payload.newBuilder().putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
                .setData(ByteString.copyFrom(json, StandardCharsets.UTF_8)).build();
    }

    static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
