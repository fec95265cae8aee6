package dev.baton.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import java.time.Duration;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import io.temporal.client.WorkflowClient;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** A user's limits: a monthly budget refused with 402 before anything is written, and concurrent turns. */
class UserLimitsTest extends SecurityTest {

    @Autowired
    private DataSource dataSource;

    @Autowired
    private WorkflowClient workflowClient;

    private String userId(Api user) {
        return user.get("/api/v1/users/me").json().path("id").asString();
    }

    private void limit(Api user, Map<String, Object> limits) {
        var set = admin.send("PUT", "/api/v1/users/" + userId(user) + "/limits",
                tools.jackson.databind.json.JsonMapper.builder().build().writeValueAsString(limits),
                "application/json");
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
    }

    private String task(Api user) {
        var created = user.post("/api/v1/tasks", Map.of("name", "t-" + UUID.randomUUID(), "promptTemplate", "hello",
                "retry", Map.of("maxAttempts", 3, "initialIntervalSeconds", 1)));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    @Test
    void meShowsLimitsAndThisMonthsSpendFromTheStoredTurns() {
        Api user = newUser();
        JsonNode fresh = user.get("/api/v1/users/me").json();
        assertThat(fresh.path("limits").path("monthlyBudgetUsd").isNull()).as(fresh.toString()).isTrue();
        assertThat(fresh.path("month").path("spentUsd").decimalValue()).isEqualByComparingTo("0");
        String session = user.post("/api/v1/sessions", Map.of()).json().path("id").asString();
        assertThat(user.post("/api/v1/sessions/" + session + "/query", Map.of("message", "hi")).status())
                .isEqualTo(200);
        limit(user, Map.of("monthlyBudgetUsd", 25, "maxConcurrentTurns", 3));

        JsonNode me = user.get("/api/v1/users/me").json();

        assertThat(me.path("limits").path("monthlyBudgetUsd").decimalValue()).isEqualByComparingTo("25");
        assertThat(me.path("limits").path("maxConcurrentTurns").asInt()).isEqualTo(3);
        // The fake CLI reports 0.000123 per turn.
        assertThat(me.path("month").path("spentUsd").decimalValue()).isEqualByComparingTo("0.000123");
        // Deleting the session that spent it gives nothing back.
        assertThat(user.delete("/api/v1/sessions/" + session).status()).isEqualTo(204);
        assertThat(user.get("/api/v1/users/me").json().path("month").path("spentUsd").decimalValue())
                .isEqualByComparingTo("0.000123");
        YearMonth month = YearMonth.now(ZoneOffset.UTC);
        assertThat(me.path("month").path("resetsAt").asString())
                .isEqualTo(month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC).toString());
    }

    @Test
    void onlyAnAdminSetsLimitsAndBadLimitsNameTheField() {
        Api user = newUser();
        String id = userId(user);
        assertThat(user.send("PUT", "/api/v1/users/" + id + "/limits", "{\"monthlyBudgetUsd\": 1}",
                "application/json").status()).isEqualTo(403);
        for (String bad : List.of("{\"monthlyBudgetUsd\": -1}", "{\"monthlyBudgetUsd\": 1e12}",
                "{\"monthlyBudgetUsd\": 0.001}", "{\"maxConcurrentTurns\": 0}")) {
            var reply = admin.send("PUT", "/api/v1/users/" + id + "/limits", bad, "application/json");
            assertThat(reply.status()).as(reply.toString()).isEqualTo(400);
            assertThat(reply.json().path("errors").path(0).path("field").asString()).as(reply.toString())
                    .isEqualTo(bad.substring(2, bad.indexOf('"', 2)));
        }
        assertThat(admin.send("PUT", "/api/v1/users/" + UUID.randomUUID() + "/limits", "{}", "application/json")
                .status()).isEqualTo(404);
    }

    @Test
    void overTheMonthlyBudgetQueriesAndExecutionsGet402AndNothingIsWritten() {
        Api user = newUser();
        String session = user.post("/api/v1/sessions", Map.of()).json().path("id").asString();
        String task = task(user);
        assertThat(user.post("/api/v1/sessions/" + session + "/query", Map.of("message", "hi")).status())
                .isEqualTo(200);
        limit(user, Map.of("monthlyBudgetUsd", 0.0));
        var temporal = new TemporalWorkflows(workflowClient);
        DatabaseSnapshot before = DatabaseSnapshot.quiet(dataSource);
        List<String> workflowsBefore = temporal.ids("");

        var query = user.post("/api/v1/sessions/" + session + "/query", Map.of("message", "more"));
        var execute = user.post("/api/v1/tasks/" + task + "/execute", Map.of());
        var sync = user.post("/api/v1/tasks/" + task + "/execute", Map.of("executionMode", "sync"));

        for (var reply : List.of(query, execute, sync)) {
            assertThat(reply.status()).as(reply.toString()).isEqualTo(402);
            assertThat(reply.isProblem()).isTrue();
            JsonNode problem = reply.json();
            assertThat(problem.path("type").asString()).endsWith("budget_exhausted");
            assertThat(problem.path("limit").asString()).isEqualTo("monthlyBudgetUsd");
            assertThat(problem.path("monthlyBudgetUsd").decimalValue()).isEqualByComparingTo("0");
            assertThat(problem.path("spentUsd").decimalValue()).isEqualByComparingTo("0.000123");
            assertThat(problem.path("resetsAt").asString()).endsWith("-01T00:00:00Z");
            assertThat(problem.path("detail").asString()).contains("monthlyBudgetUsd", "0.000123", "resets at");
        }
        assertThat(DatabaseSnapshot.quiet(dataSource)).isEqualTo(before);
        assertThat(temporal.ids("")).isEqualTo(workflowsBefore);
        assertThat(admin.get("/actuator/prometheus").body())
                .containsPattern("baton_turns_rejected_total\\{[^}]*reason=\"budget_exhausted\"[^}]*} [1-9]");
    }

    @Test
    void scheduledRunsOfAUserOverBudgetAreRecordedFailedBudgetExhausted() {
        Api user = newUser();
        String task = task(user);
        limit(user, Map.of("monthlyBudgetUsd", 0.0));
        assertThat(user.send("PUT", "/api/v1/tasks/" + task + "/schedule", "{\"intervalSeconds\": 3600}",
                "application/json").status()).isIn(200, 201);

        var triggered = user.post("/api/v1/tasks/" + task + "/schedule/trigger", Map.of());
        assertThat(triggered.status()).as(triggered.toString()).isEqualTo(202);

        JsonNode execution = await().atMost(Duration.ofSeconds(60)).until(() -> user
                        .get("/api/v1/tasks/" + task + "/executions").json().path("items").path(0),
                e -> "failed".equals(e.path("status").asString()));
        assertThat(execution.path("triggerType").asString()).isEqualTo("scheduled");
        assertThat(execution.path("error").path("type").asString()).isEqualTo("budget_exhausted");
        assertThat(execution.path("attempt").asInt()).isEqualTo(1);
    }

    @Test
    void aSyncQueryPastMaxConcurrentTurnsGets429WithRetryAfter() {
        Api user = newUser();
        limit(user, Map.of("maxConcurrentTurns", 1));
        String first = user.post("/api/v1/sessions", Map.of()).json().path("id").asString();
        String second = user.post("/api/v1/sessions", Map.of()).json().path("id").asString();
        var running = CompletableFuture.supplyAsync(() -> user.post("/api/v1/sessions/" + first + "/query",
                Map.of("message", "[[scenario:gate]]")));
        await().atMost(Duration.ofSeconds(20)).until(() -> user.get("/api/v1/users/me").json().path("month")
                .path("runningTurns").asInt() == 1);

        var refused = user.post("/api/v1/sessions/" + second + "/query", Map.of("message", "hi"));

        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.retryAfter()).isNotBlank();
        assertThat(refused.json().path("detail").asString()).contains("maxConcurrentTurns");
        release(first);
        assertThat(running.join().status()).isEqualTo(200);
        assertThat(user.post("/api/v1/sessions/" + second + "/query", Map.of("message", "hi")).status())
                .isEqualTo(200);
    }
}
