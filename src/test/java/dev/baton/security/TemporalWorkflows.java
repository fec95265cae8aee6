package dev.baton.security;

import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.history.v1.History;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.ListClosedWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListOpenWorkflowExecutionsRequest;
import io.temporal.client.WorkflowClient;
import java.util.ArrayList;
import java.util.List;

/** What the Temporal server knows of this test run: every workflow run, open or closed, and its full history. */
final class TemporalWorkflows {

    private final WorkflowClient client;

    TemporalWorkflows(WorkflowClient client) {
        this.client = client;
    }

    List<WorkflowExecutionInfo> all() {
        var stub = client.getWorkflowServiceStubs().blockingStub();
        String namespace = client.getOptions().getNamespace();
        List<WorkflowExecutionInfo> runs = new ArrayList<>(stub.listOpenWorkflowExecutions(
                ListOpenWorkflowExecutionsRequest.newBuilder().setNamespace(namespace).setMaximumPageSize(10_000).build())
                .getExecutionsList());
        runs.addAll(stub.listClosedWorkflowExecutions(
                ListClosedWorkflowExecutionsRequest.newBuilder().setNamespace(namespace).setMaximumPageSize(10_000).build())
                .getExecutionsList());
        return runs;
    }

    /** The ids of every run whose workflow id starts with {@code prefix}. */
    List<String> ids(String prefix) {
        return all().stream().map(i -> i.getExecution().getWorkflowId()).filter(id -> id.startsWith(prefix)).toList();
    }

    History history(WorkflowExecution execution) {
        var stub = client.getWorkflowServiceStubs().blockingStub();
        History.Builder history = History.newBuilder();
        com.google.protobuf.ByteString token = com.google.protobuf.ByteString.EMPTY;
        do {
            GetWorkflowExecutionHistoryResponse page = stub.getWorkflowExecutionHistory(
                    GetWorkflowExecutionHistoryRequest.newBuilder().setNamespace(client.getOptions().getNamespace())
                            .setExecution(execution).setNextPageToken(token).build());
            history.addAllEvents(page.getHistory().getEventsList());
            token = page.getNextPageToken();
        } while (!token.isEmpty());
        return history.build();
    }
}
