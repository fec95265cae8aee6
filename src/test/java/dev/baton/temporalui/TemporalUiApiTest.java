package dev.baton.temporalui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.archive.HistoryArchive;
import dev.baton.embedded.Retention;
import dev.baton.support.Api;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The UI port without a browser: signing in, who sees which workflow, and each route the bridge emulates for the
 * embedded test server (list, count, reverse history, schedules, search attributes, task queue, namespaces, cluster).
 */
class TemporalUiApiTest extends TemporalUiTest {

    @Autowired
    ApplicationContext context;

    @Autowired
    HistoryArchive archive;

    private static final String NS = "/api/v1/namespaces/default";

    @Test
    void basicAuthOrTheLoginCookieIsNeededForEveryPageAndCall() {
        UiClient nobody = ui(null, null);
        var page = nobody.get("/namespaces/default/workflows");
        assertThat(page.status()).isEqualTo(401);
        assertThat(page.header("WWW-Authenticate")).startsWith("Basic realm=");
        assertThat(page.body()).contains("id=\"baton-login\"");
        var api = nobody.get(NS + "/workflows");
        assertThat(api.status()).isEqualTo(401);
        assertThat(api.header("Content-Type")).isEqualTo("application/problem+json");
        assertThat(api.body()).doesNotContain("executions");

        assertThat(ui("admin", ADMIN_KEY).json("/api/v1/me").path("role").asString()).isEqualTo("admin");
        assertThat(ui("admin", "not-the-key").get("/api/v1/me").status()).isEqualTo(401);
        assertThat(ui("someone-else", ADMIN_KEY).get("/api/v1/me").status()).isEqualTo(401);
        assertThat(nobody.send("GET", "/api/v1/me", null, Map.of("Authorization", "Bearer " + ADMIN_KEY)).status())
                .as("Baton's bearer header is not a UI login").isEqualTo(401);

        var form = Map.of("Content-Type", "application/x-www-form-urlencoded");
        var wrong = nobody.send("POST", "/login", "username=admin&apiKey=nope&next=%2F", form);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(wrong.body()).contains("Wrong username or API key");
        var login = nobody.send("POST", "/login", "username=admin&apiKey=" + ADMIN_KEY + "&next="
                + URLEncoder.encode("/namespaces/default/workflows", StandardCharsets.UTF_8), form);
        assertThat(login.status()).isEqualTo(303);
        assertThat(login.header("Location")).isEqualTo("/namespaces/default/workflows");
        String cookie = login.header("Set-Cookie");
        assertThat(cookie).contains("HttpOnly", "SameSite=Strict").doesNotContain(ADMIN_KEY);
        var withCookie = Map.of("Cookie", cookie.substring(0, cookie.indexOf(';')));
        assertThat(nobody.send("GET", "/api/v1/me", null, withCookie).status()).isEqualTo(200);
        assertThat(nobody.send("GET", "/namespaces/default/workflows", null, withCookie).body())
                .contains("/_app/immutable/");
        assertThat(nobody.send("POST", "/logout", null, withCookie).status()).isEqualTo(303);
        assertThat(nobody.send("GET", "/api/v1/me", null, withCookie).status()).isEqualTo(401);

        assertThat(nobody.send("POST", "/login", "username=admin&apiKey=" + ADMIN_KEY,
                Map.of("Content-Type", "application/x-www-form-urlencoded", "Origin", "http://evil.example"))
                .status()).as("a login posted from another site").isEqualTo(403);
        assertThat(nobody.send("POST", "/login", "username=admin&apiKey=" + ADMIN_KEY + "&next=//evil.example", form)
                .header("Location")).isEqualTo("/");
    }

    @Test
    void aUserSeesOnlyTheirOwnWorkflowsAndSchedulesAndAnAdminSeesAll() {
        Api alice = newUser();
        Api bob = newUser();
        String aliceTask = task(alice, "mine");
        JsonNode aliceRun = execute(alice, aliceTask);
        JsonNode bobRun = execute(bob, task(bob, "theirs"));
        assertThat(alice.send("PUT", "/api/v1/tasks/" + aliceTask + "/schedule",
                "{\"cron\":\"0 9 * * 1-5\",\"timezone\":\"Europe/Berlin\",\"paused\":true}", "application/json").status())
                .isEqualTo(200);
        UiClient aliceUi = ui(name(alice), alice.key());
        UiClient bobUi = ui(name(bob), bob.key());
        UiClient adminUi = ui("admin", ADMIN_KEY);

        assertThat(workflowIds(aliceUi.json(NS + "/workflows")))
                .contains(aliceRun.path("workflowId").asString(), "schedule-" + aliceTask)
                .doesNotContain(bobRun.path("workflowId").asString());
        assertThat(workflowIds(bobUi.json(NS + "/workflows"))).contains(bobRun.path("workflowId").asString())
                .doesNotContain(aliceRun.path("workflowId").asString(), "schedule-" + aliceTask);
        assertThat(workflowIds(adminUi.json(NS + "/workflows")))
                .contains(aliceRun.path("workflowId").asString(), bobRun.path("workflowId").asString());
        assertThat(aliceUi.json(NS + "/workflow-count?query=" + encode("WorkflowType=\"TaskExecutionWorkflow\""))
                .path("count").asLong()).isEqualTo(1);

        String bobs = NS + "/workflows/" + bobRun.path("workflowId").asString();
        String nobodys = NS + "/workflows/execution-" + UUID.randomUUID();
        for (String suffix : List.of("", "/history", "/history-reverse")) {
            var refused = aliceUi.get(bobs + suffix);
            var missing = aliceUi.get(nobodys + suffix);
            assertThat(refused.status()).as(suffix).isEqualTo(404);
            assertThat(refused.json().path("message").asString()).startsWith("workflow not found for ID: execution-");
            assertThat(missing.status()).as("the same answer as for a workflow that does not exist").isEqualTo(404);
        }
        assertThat(aliceUi.post(bobs + "/query/progress", "{}").status()).isEqualTo(404);
        assertThat(aliceUi.post(bobs + "/cancel", null).status()).isEqualTo(404);
        assertThat(adminUi.json(bobs).path("workflowExecutionInfo").path("status").asString())
                .isEqualTo("WORKFLOW_EXECUTION_STATUS_COMPLETED");

        String schedule = "schedule-" + aliceTask;
        assertThat(aliceUi.json(NS + "/schedules").path("schedules").valueStream()
                .map(s -> s.path("scheduleId").asString())).contains(schedule);
        assertThat(bobUi.json(NS + "/schedules").path("schedules").valueStream()
                .map(s -> s.path("scheduleId").asString())).doesNotContain(schedule);
        assertThat(bobUi.get(NS + "/schedules/" + schedule).status()).isEqualTo(404);
        JsonNode described = aliceUi.json(NS + "/schedules/" + schedule);
        assertThat(described.path("schedule").path("spec").path("cronString").get(0).asString()).isEqualTo("0 9 * * 1-5");
        assertThat(described.path("schedule").path("spec").path("structuredCalendar").get(0).path("dayOfWeek").get(0)
                .path("end").asInt()).isEqualTo(5);
        assertThat(described.path("schedule").path("state").path("paused").asBoolean()).isTrue();
        assertThat(aliceUi.json(NS + "/workflow-count?query="
                + encode("TemporalNamespaceDivision=\"TemporalScheduler\" AND ExecutionStatus=\"Running\""))
                .path("count").asLong()).as("the schedules count of the schedules page").isEqualTo(1);
        assertThat(alice.post("/api/v1/tasks/" + aliceTask + "/schedule/trigger", Map.of()).status()).isEqualTo(202);
        String scheduledRuns = NS + "/workflows?query=" + encode("TemporalScheduledById=\"" + schedule + "\"");
        assertThat(await().atMost(Duration.ofSeconds(60)).until(() -> workflowIds(aliceUi.json(scheduledRuns)),
                ids -> !ids.isEmpty())).as("the schedule page's list of its runs")
                .allMatch(id -> id.startsWith("scheduled-" + aliceTask));
                var cancelScheduler = aliceUi.post(NS + "/workflows/" + schedule + "/cancel", null);
        assertThat(cancelScheduler.status()).isEqualTo(400);
        assertThat(cancelScheduler.json().path("message").asString()).contains("schedule");
    }

    @Test
    void listCountAndHistoryAreEmulatedForTheTestServer() {
        Api user = newUser();
        UiClient userUi = ui(name(user), user.key());
        JsonNode first = execute(user, task(user, "one"));
        JsonNode second = execute(user, task(user, "two"));
        String firstId = first.path("workflowId").asString();

        JsonNode page1 = userUi.json(NS + "/workflows?pageSize=1");
        assertThat(workflowIds(page1)).containsExactly(second.path("workflowId").asString());
        JsonNode page2 = userUi.json(NS + "/workflows?pageSize=1&nextPageToken="
                + encode(page1.path("nextPageToken").asString()));
        assertThat(workflowIds(page2)).containsExactly(firstId);
        assertThat(page2.has("nextPageToken")).isFalse();
        JsonNode row = page2.path("executions").get(0);
        assertThat(row.path("closeTime").asString()).as("filled in from the run's description").isNotBlank();
        assertThat(row.path("memo").path("fields").has("taskName")).isTrue();

        for (String query : List.of("ExecutionStatus=\"Completed\"", "`WorkflowId`=\"" + firstId + "\"",
                "WorkflowId STARTS_WITH \"execution-\" and ParentWorkflowId is null",
                "StartTime > \"" + Instant.now().minusSeconds(3600) + "\" AND (ExecutionStatus = \"Completed\" OR"
                        + " ExecutionStatus = \"Failed\")",
                "WorkflowType IN (\"TaskExecutionWorkflow\", \"Other\")")) {
            assertThat(workflowIds(userUi.json(NS + "/workflows?query=" + encode(query)))).as(query).contains(firstId);
        }
        assertThat(workflowIds(userUi.json(NS + "/workflows?query=" + encode("ExecutionStatus=\"Running\""))))
                .isEmpty();
        var bad = userUi.get(NS + "/workflows?query=" + encode("Flavour = \"sweet\""));
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("message").asString()).contains("Unknown search attribute 'Flavour'");

        JsonNode counts = userUi.json(NS + "/workflow-count?query=" + encode("GROUP BY ExecutionStatus"));
        assertThat(counts.path("count").asLong()).isEqualTo(2);
        JsonNode group = counts.path("groups").get(0);
        assertThat(new String(Base64.getDecoder().decode(group.path("groupValues").get(0).path("data").asString()),
                StandardCharsets.UTF_8)).isEqualTo("\"Completed\"");
        assertThat(group.path("count").asString()).isEqualTo("2");

        String run = "?execution.runId=" + first.path("runId").asString();
        List<String> forward = eventTypes(userUi.json(NS + "/workflows/" + firstId + "/history" + run));
        assertThat(forward.getFirst()).isEqualTo("EVENT_TYPE_WORKFLOW_EXECUTION_STARTED");
        assertThat(forward.getLast()).isEqualTo("EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED");
        assertThat(eventTypes(userUi.json(NS + "/workflows/" + firstId + "/history" + run + "&waitNewEvent=true")))
                .as("a closed run's history answers at once instead of waiting for events").isEqualTo(forward);
        JsonNode reversed = userUi.json(NS + "/workflows/" + firstId + "/history-reverse" + run + "&maximumPageSize=2");
        assertThat(eventTypes(reversed)).containsExactly(forward.getLast(), forward.get(forward.size() - 2));
        assertThat(eventTypes(userUi.json(NS + "/workflows/" + firstId + "/history-reverse" + run + "&nextPageToken="
                + encode(reversed.path("nextPageToken").asString()))).getLast()).isEqualTo(forward.getFirst());

        JsonNode progress = userUi.post(NS + "/workflows/" + firstId + "/query/progress",
                "{\"execution\":{\"runId\":\"" + first.path("runId").asString() + "\"}}").json();
        assertThat(new String(Base64.getDecoder().decode(progress.path("queryResult").path("payloads").get(0)
                .path("data").asString()), StandardCharsets.UTF_8)).contains("\"phase\":\"completed\"");
    }

    @Test
    void aRunTheEmbeddedServerNoLongerHoldsOpensFromTheArchiveMarkedArchived() {
        Api user = newUser();
        UiClient userUi = ui(name(user), user.key());
        JsonNode done = execute(user, task(user, "archived"));
        String workflowId = done.path("workflowId").asString();
        String runId = done.path("runId").asString();
        List<String> live = eventTypes(userUi.json(NS + "/workflows/" + workflowId + "/history?execution.runId=" + runId));
        await().atMost(Duration.ofSeconds(30)).until(() -> archive.find(workflowId, runId).isPresent());

        assertThat(Retention.sweepNow(context)).isPositive();

        JsonNode described = userUi.json(NS + "/workflows/" + workflowId + "?execution.runId=" + runId);
        JsonNode info = described.path("workflowExecutionInfo");
        assertThat(info.path("status").asString()).isEqualTo("WORKFLOW_EXECUTION_STATUS_COMPLETED");
        assertThat(info.path("memo").path("fields").has(ArchivedRuns.MARK)).isTrue();
        assertThat(info.path("memo").path("fields").has("taskName")).as("the run's own memo too").isTrue();
        assertThat(userUi.json(NS + "/workflows/" + workflowId).path("workflowExecutionInfo").path("execution")
                .path("runId").asString()).as("without a run id, the latest archived run").isEqualTo(runId);
        assertThat(eventTypes(userUi.json(NS + "/workflows/" + workflowId + "/history?execution.runId=" + runId)))
                .isEqualTo(live);
        JsonNode listed = userUi.json(NS + "/workflows?query=" + encode("`WorkflowId`=\"" + workflowId + "\""));
        assertThat(workflowIds(listed)).containsExactly(workflowId);
        assertThat(listed.path("executions").get(0).path("memo").path("fields").has(ArchivedRuns.MARK)).isTrue();
        Api other = newUser();
        assertThat(ui(name(other), other.key()).get(NS + "/workflows/" + workflowId).status())
                .as("another user's archived run").isEqualTo(404);
    }

    @Test
    void metadataRoutesDescribeTheEmbeddedServer() {
        UiClient admin = ui("admin", ADMIN_KEY);
        JsonNode settings = admin.json("/api/v1/settings");
        assertThat(settings.path("WorkflowCancelDisabled").asBoolean()).isFalse();
        assertThat(settings.path("WorkflowSignalDisabled").asBoolean()).isTrue();
        assertThat(settings.path("WorkflowResetDisabled").asBoolean()).isTrue();
        assertThat(settings.path("StartWorkflowDisabled").asBoolean()).isTrue();
        assertThat(settings.path("BatchActionsDisabled").asBoolean()).isTrue();
        assertThat(admin.json("/api/v1/cluster-info").path("serverVersion").asString()).isEqualTo(UiMetadata.SERVER_VERSION);
        assertThat(admin.json("/api/v1/system-info").has("capabilities")).isTrue();
        assertThat(admin.json("/api/v1/namespaces").path("namespaces").get(0).path("namespaceInfo").path("name")
                .asString()).isEqualTo("default");
        assertThat(admin.json(NS).path("namespaceInfo").path("name").asString()).isEqualTo("default");
        assertThat(admin.get("/api/v1/namespaces/other/workflows").status()).isEqualTo(404);
        assertThat(admin.json(NS + "/search-attributes").path("systemAttributes").path("WorkflowId").asString())
                .isEqualTo("INDEXED_VALUE_TYPE_KEYWORD");
        assertThat(admin.json(NS + "/task-queues/baton-tasks?taskQueueType=2").path("pollers")).hasSize(1);
        assertThat(admin.json(NS + "/task-queues/elsewhere?taskQueueType=2").path("pollers")).isEmpty();
    }

    private String task(Api user, String name) {
        var created = user.post("/api/v1/tasks", Map.of("name", name + "-" + UUID.randomUUID(), "promptTemplate", "hi"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    private static JsonNode execute(Api user, String taskId) {
        String id = user.post("/api/v1/tasks/" + taskId + "/execute", Map.of()).json().path("executionId").asString();
        return await().atMost(Duration.ofSeconds(90)).until(() -> user.get("/api/v1/executions/" + id).json(),
                e -> e.path("status").asString().equals("completed"));
    }

    private static String name(Api user) {
        return user.get("/api/v1/users/me").json().path("username").asString();
    }

    private static List<String> workflowIds(JsonNode list) {
        return list.path("executions").valueStream().map(e -> e.path("execution").path("workflowId").asString()).toList();
    }

    private static List<String> eventTypes(JsonNode history) {
        return history.path("history").path("events").valueStream().map(e -> e.path("eventType").asString()).toList();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
