package dev.baton.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.MethodDescriptor;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.client.WorkflowClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The Temporal Web UI's port under Baton's rules: every page and call refuses a missing or wrong login; a user never
 * sees or cancels another user's workflow; of the WorkflowService and OperatorService HTTP routes (all of them, read
 * from the protobuf descriptors' HTTP annotations) only the reads and the cancel the UI needs are reachable, and a
 * refused call changes nothing in Temporal; writes from another site are refused; bad input gets a 4xx problem.
 */
class TemporalUiSecurityTest extends SecurityTest {

    private static final String NS = "/api/v1/namespaces/default";
    /** The calls the bridge answers; every other route must be refused. */
    private static final Set<String> ALLOWED = Set.of("DescribeNamespace", "ListNamespaces", "GetSystemInfo",
            "GetClusterInfo", "ListWorkflowExecutions", "CountWorkflowExecutions", "DescribeWorkflowExecution",
            "GetWorkflowExecutionHistory", "GetWorkflowExecutionHistoryReverse", "QueryWorkflow",
            "RequestCancelWorkflowExecution", "DescribeTaskQueue", "ListSchedules", "DescribeSchedule",
            "ListSearchAttributes");

    @Autowired
    private WorkflowClient workflowClient;

    /** Sessions whose gated fake CLI holds an execution running; let go after each test, passed or failed. */
    private final List<String> gated = new ArrayList<>();

    @AfterEach
    void releaseGatedCli() {
        gated.forEach(this::release);
    }

    @Test
    void everyPageAndCallRefusesAMissingOrWrongLogin() {
        Owned owned = ownedRunningExecution();
        Http ui = new Http(UI_PORT);
        String workflow = NS + "/workflows/" + owned.workflowId();
        List<String[]> routes = List.of(new String[] {"GET", "/"}, new String[] {"GET", "/namespaces/default/workflows"},
                new String[] {"GET", "/_app/version.json"}, new String[] {"GET", "/api/v1/settings"},
                new String[] {"GET", "/api/v1/me"}, new String[] {"GET", NS + "/workflows"},
                new String[] {"GET", NS + "/workflow-count"}, new String[] {"GET", workflow},
                new String[] {"GET", workflow + "/history"}, new String[] {"GET", workflow + "/history-reverse"},
                new String[] {"POST", workflow + "/query/progress"}, new String[] {"POST", workflow + "/cancel"},
                new String[] {"GET", NS + "/schedules"}, new String[] {"GET", NS + "/search-attributes"});
        Map<String, Map<String, String>> logins = new LinkedHashMap<>();
        logins.put("none", Map.of());
        logins.put("wrongKey", basic(owned.username(), "bat_wrong"));
        logins.put("anotherUsersName", basic("admin", owned.key()));
        logins.put("bearerInsteadOfBasic", Map.of("Authorization", "Bearer " + owned.key()));
        logins.put("malformedBasic", Map.of("Authorization", "Basic %%%"));
        logins.put("madeUpCookie", Map.of("Cookie", "baton_ui_session=" + UUID.randomUUID()));
        int tried = 0;
        for (String[] route : routes) {
            for (var login : logins.entrySet()) {
                var reply = ui.send(null, route[0], route[1], route[0].equals("POST") ? "{}" : null, "application/json",
                        login.getValue());
                assertThat(reply.status()).as(login.getKey() + " " + reply).isEqualTo(401);
                assertThat(reply.body()).as(reply.toString()).doesNotContain(owned.workflowId(), "executions");
                tried++;
            }
        }
        assertThat(status(owned.workflowId())).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
        report("temporal-ui-logins", counts("routes", routes.size(), "logins", logins.size(), "refused", tried));
    }

    @Test
    void aUserNeitherSeesNorCancelsAnotherUsersWorkflow() {
        Owned owned = ownedRunningExecution();
        Http http = new Http(port);
        String other = http.send(ADMIN_KEY, "POST", "/api/v1/users", Map.of("username", "peeker-" + suffix(), "role",
                "user")).json().path("username").asString();
        String otherKey = http.received().getLast().json().path("apiKey").asString();
        Http ui = new Http(UI_PORT);
        var as = basic(other, otherKey);
        String workflow = NS + "/workflows/" + owned.workflowId();
        List<Http.Reply> refused = new ArrayList<>();
        for (String path : List.of(workflow, workflow + "/history", workflow + "/history-reverse")) {
            refused.add(ui.send(null, "GET", path, null, null, as));
        }
        refused.add(ui.send(null, "POST", workflow + "/query/progress", "{}", "application/json", as));
        refused.add(ui.send(null, "POST", workflow + "/cancel", null, null, as));
        assertThat(refused).allSatisfy(reply -> {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(404);
            assertThat(reply.isProblem()).isTrue();
        });
        String listed = ui.send(null, "GET", NS + "/workflows", null, null, as).body();
        assertThat(listed).doesNotContain(owned.workflowId());
        assertThat(ui.send(null, "GET", NS + "/workflow-count?query=WorkflowId%3D%22" + owned.workflowId() + "%22",
                null, null, as).json().path("count").asString("0")).isEqualTo("0");
        assertThat(status(owned.workflowId())).as("the other user's cancel did nothing")
                .isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
        assertThat(ui.send(null, "GET", workflow, null, null, basic(owned.username(), owned.key())).status())
                .as("while its owner sees it").isEqualTo(200);
        report("temporal-ui-other-user", counts("refused", refused.size(), "listed", 0));
    }

    @Test
    void onlyTheReadsAndTheCancelTheUiNeedsAreReachable() {
        Owned owned = ownedRunningExecution();
        Http ui = new Http(UI_PORT);
        var admin = basic("admin", ADMIN_KEY);
        int workflowsBefore = new TemporalWorkflows(workflowClient).all().size();
        int refused = 0;
        int allowed = 0;
        for (Route route : routes()) {
            String path = route.path().replaceAll("\\{namespace}", "default")
                    .replaceAll("\\{[a-z_.]*workflow_id}", owned.workflowId())
                    .replaceAll("\\{[^}]+}", "x");
            if (ALLOWED.contains(route.rpc())) {
                allowed++;
                continue;
            }
            var reply = ui.send(null, route.method(), path, route.method().equals("GET") ? null : "{}",
                    "application/json", admin);
            assertThat(reply.status()).as(route.rpc() + " " + reply).isEqualTo(403);
            assertThat(reply.isProblem()).isTrue();
            refused++;
        }
        assertThat(refused).as("the descriptors list the write calls").isGreaterThan(40);
        assertThat(status(owned.workflowId())).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);
        assertThat(new TemporalWorkflows(workflowClient).all()).as("no workflow was started").hasSize(workflowsBefore);
        var terminate = ui.send(null, "POST", NS + "/workflows/" + owned.workflowId() + "/terminate", "{}",
                "application/json", admin);
        assertThat(terminate.json().path("message").asString()).contains("Request Cancellation");
        report("temporal-ui-routes", counts("routes", refused + allowed, "allowed", allowed, "refused", refused));
    }

    @Test
    void aCancelFromAnotherSiteIsRefusedAndBadInputGetsA4xxProblem() {
        Owned owned = ownedRunningExecution();
        Http ui = new Http(UI_PORT);
        var as = basic(owned.username(), owned.key());
        String workflow = NS + "/workflows/" + owned.workflowId();
        for (Map<String, String> crossSite : List.of(Map.of("Origin", "http://evil.example"),
                Map.of("Sec-Fetch-Site", "cross-site"))) {
            Map<String, String> headers = new LinkedHashMap<>(as);
            headers.putAll(crossSite);
            assertThat(ui.send(null, "POST", workflow + "/cancel", null, null, headers).status()).isEqualTo(403);
        }
        assertThat(status(owned.workflowId())).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING);

        Map<String, Http.Reply> bad = new LinkedHashMap<>();
        bad.put("query", ui.send(null, "GET", NS + "/workflows?query=WorkflowId%20%3D", null, null, as));
        bad.put("queryQuote", ui.send(null, "GET", NS + "/workflows?query=WorkflowId%3D%22x", null, null, as));
        bad.put("time", ui.send(null, "GET", NS + "/workflows?query=StartTime%3E%22yesterday%22", null, null, as));
        bad.put("token", ui.send(null, "GET", NS + "/workflows?nextPageToken=%21%21", null, null, as));
        bad.put("pageSize", ui.send(null, "GET", NS + "/workflows?pageSize=many", null, null, as));
        bad.put("jsonBody", ui.send(null, "POST", workflow + "/query/progress", "{not json", "application/json", as));
        bad.put("traversal", ui.send(null, "GET", "/_app/../../application.yml", null, null, as));
        bad.put("encodedTraversal", ui.send(null, "GET", "/_app/%2e%2e/%2e%2e/application.yml", null, null, as));
        bad.put("missingAsset", ui.send(null, "GET", "/_app/immutable/nothing.js", null, null, as));
        bad.put("namespace", ui.send(null, "GET", "/api/v1/namespaces/elsewhere/workflows", null, null, as));
        bad.put("bigBody", ui.send(null, "POST", workflow + "/query/progress", "{\"x\":\"" + "a".repeat(70_000) + "\"}",
                "application/json", as));
        assertThat(bad).allSatisfy((name, reply) -> {
            assertThat(reply.status()).as(name + " " + reply).isBetween(400, 499);
            assertThat(reply.isProblem()).as(name).isTrue();
            assertThat(reply.json().path("message").asString()).as(name).isNotBlank();
        });
        assertThat(bad.get("bigBody").status()).isEqualTo(413);
        report("temporal-ui-bad-input", counts("requests", bad.size(), "answered4xx", bad.size()));
    }

    /** A user's execution whose gated fake CLI keeps it running until {@code release}. */
    private record Owned(String username, String key, String workflowId, String sessionId) {
    }

    private Owned ownedRunningExecution() {
        Http http = new Http(port);
        var user = http.send(ADMIN_KEY, "POST", "/api/v1/users", Map.of("username", "owner-" + suffix(), "role", "user"));
        String key = user.json().path("apiKey").asString();
        String task = http.send(key, "POST", "/api/v1/tasks", Map.of("name", "gated-" + suffix(), "promptTemplate",
                "[[scenario:gate]]")).json().path("id").asString();
        String execution = http.send(key, "POST", "/api/v1/tasks/" + task + "/execute", Map.of()).json()
                .path("executionId").asString();
        var running = await().atMost(Duration.ofSeconds(90)).until(
                () -> http.send(key, "GET", "/api/v1/executions/" + execution, null).json(),
                e -> e.path("status").asString().equals("running") && !e.path("sessionId").isNull());
        gated.add(running.path("sessionId").asString());
        return new Owned(user.json().path("username").asString(), key, running.path("workflowId").asString(),
                running.path("sessionId").asString());
    }

    private WorkflowExecutionStatus status(String workflowId) {
        return workflowClient.newUntypedWorkflowStub(workflowId).describe().getStatus();
    }

    private record Route(String rpc, String method, String path) {
    }

    /** Every {@code /api/v1} HTTP binding of the WorkflowService and OperatorService, from their descriptors. */
    private static List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        Stream.of(io.temporal.api.workflowservice.v1.ServiceProto.getDescriptor().getServices(),
                        io.temporal.api.operatorservice.v1.ServiceProto.getDescriptor().getServices())
                .flatMap(List::stream).flatMap(service -> service.getMethods().stream())
                .forEach(method -> bindings(method).forEach(rule -> route(method, rule, routes)));
        return routes;
    }

    private static List<HttpRule> bindings(MethodDescriptor method) {
        HttpRule rule = method.getOptions().getExtension(AnnotationsProto.http);
        List<HttpRule> all = new ArrayList<>(rule.getAdditionalBindingsList());
        all.add(rule);
        return all;
    }

    private static void route(MethodDescriptor method, HttpRule rule, List<Route> routes) {
        String verb = switch (rule.getPatternCase()) {
            case GET -> "GET";
            case POST -> "POST";
            case PUT -> "PUT";
            case DELETE -> "DELETE";
            case PATCH -> "PATCH";
            default -> null;
        };
        String path = switch (rule.getPatternCase()) {
            case GET -> rule.getGet();
            case POST -> rule.getPost();
            case PUT -> rule.getPut();
            case DELETE -> rule.getDelete();
            case PATCH -> rule.getPatch();
            default -> "";
        };
        if (verb != null && path.startsWith("/api/v1/")) {
            routes.add(new Route(method.getName(), verb, path));
        }
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }
}
