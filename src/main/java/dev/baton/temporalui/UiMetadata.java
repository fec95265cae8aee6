package dev.baton.temporalui;

import dev.baton.node.NodeRoles;
import dev.baton.user.CurrentUser;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.api.operatorservice.v1.ListSearchAttributesResponse;
import io.temporal.api.taskqueue.v1.PollerInfo;
import io.temporal.api.workflowservice.v1.DescribeNamespaceRequest;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueResponse;
import io.temporal.api.workflowservice.v1.GetClusterInfoResponse;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.ListNamespacesResponse;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.ObjectMapper;

/**
 * What the UI asks about the server rather than a workflow: its settings (which switch off every write action but
 * cancel), the signed-in user, the cluster, the one namespace, the search attributes the list can filter on, and the
 * task queue's pollers. The test server implements only some of these; the rest are answered here.
 */
final class UiMetadata {

    /** The @temporalio/ui version the shell pins (src/main/temporal-ui/package.json); the UI checks features by it. */
    static final String UI_VERSION = "2.38.0";
    /**
     * The server version the UI is told: one whose features the bridge provides (list filters, child workflows), so
     * the UI asks for them, and none newer, so it does not ask for what the embedded server lacks.
     */
    static final String SERVER_VERSION = "1.24.0";

    private final WorkflowServiceStubs stubs;
    private final ObjectMapper json;
    private final NodeRoles roles;
    private final String namespace;
    private final String taskQueue;
    private final String workerIdentity;

    UiMetadata(WorkflowServiceStubs stubs, ObjectMapper json, NodeRoles roles, String namespace, String taskQueue,
            String workerIdentity) {
        this.stubs = stubs;
        this.json = json;
        this.roles = roles;
        this.namespace = namespace;
        this.taskQueue = taskQueue;
        this.workerIdentity = workerIdentity;
    }

    String settings() {
        Map<String, Object> settings = new LinkedHashMap<>();
        settings.put("Auth", Map.of("Enabled", false, "Options", List.of()));
        settings.put("BannerText", "");
        settings.put("DefaultNamespace", namespace);
        settings.put("ShowTemporalSystemNamespace", false);
        settings.put("NotifyOnNewVersion", false);
        settings.put("Codec", Map.of());
        settings.put("Version", UI_VERSION);
        settings.put("DisableWriteActions", false);
        settings.put("WorkflowCancelDisabled", false);
        // The UI greys out its "Request Cancellation" button unless terminate, signal or reset is enabled too. Terminate
        // is the one left on; the bridge refuses it with a message pointing to cancellation (see UiApi).
        settings.put("WorkflowTerminateDisabled", false);
        for (String disabled : List.of("WorkflowSignalDisabled", "WorkflowUpdateDisabled",
                "WorkflowResetDisabled", "BatchActionsDisabled", "StartWorkflowDisabled")) {
            settings.put(disabled, true);
        }
        settings.put("HideWorkflowQueryErrors", false);
        settings.put("RefreshWorkflowCountsDisabled", false);
        return json.writeValueAsString(settings);
    }

    String me(CurrentUser user) {
        return json.writeValueAsString(Map.of("username", user.username(), "role", user.role().jsonValue()));
    }

    String clusterInfo() {
        return ProtoJson.print(GetClusterInfoResponse.newBuilder()
                .setServerVersion(SERVER_VERSION)
                .setClusterName("baton-embedded")
                .setPersistenceStore("memory")
                .setVisibilityStore("memory")
                .build());
    }

    String systemInfo() {
        try {
            return ProtoJson.print(stubs.blockingStub().withDeadlineAfter(10, TimeUnit.SECONDS)
                    .getSystemInfo(GetSystemInfoRequest.getDefaultInstance()));
        } catch (StatusRuntimeException e) {
            throw UiFailure.of(e);
        }
    }

    String namespace() {
        try {
            return ProtoJson.print(stubs.blockingStub().withDeadlineAfter(10, TimeUnit.SECONDS)
                    .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build()));
        } catch (StatusRuntimeException e) {
            throw UiFailure.of(e);
        }
    }

    String namespaces() {
        try {
            var described = stubs.blockingStub().withDeadlineAfter(10, TimeUnit.SECONDS)
                    .describeNamespace(DescribeNamespaceRequest.newBuilder().setNamespace(namespace).build());
            return ProtoJson.print(ListNamespacesResponse.newBuilder().addNamespaces(described));
        } catch (StatusRuntimeException e) {
            throw UiFailure.of(e);
        }
    }

    String searchAttributes() {
        var response = ListSearchAttributesResponse.newBuilder();
        for (String attribute : VisibilityQuery.ATTRIBUTES) {
            response.putSystemAttributes(attribute, attribute.endsWith("Time")
                    ? IndexedValueType.INDEXED_VALUE_TYPE_DATETIME : IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
        }
        return ProtoJson.print(response);
    }

    /**
     * The test server keeps no record of pollers; this node's own worker is the one that polls Baton's task queue,
     * so it is reported as the poller (the UI offers a workflow's queries only while a worker polls).
     */
    String taskQueue(String name) {
        var response = DescribeTaskQueueResponse.newBuilder();
        if (roles.worker() && name.equals(taskQueue)) {
            response.addPollers(PollerInfo.newBuilder().setIdentity(workerIdentity)
                    .setLastAccessTime(ProtoJson.timestamp(Instant.now())).setRatePerSecond(100_000));
        }
        return ProtoJson.print(response);
    }

    String requireNamespace(String requested) {
        if (!requested.equals(namespace)) {
            throw UiFailure.notFound("Namespace " + requested + " is not found; Baton's embedded server has only "
                    + namespace);
        }
        return requested;
    }
}
