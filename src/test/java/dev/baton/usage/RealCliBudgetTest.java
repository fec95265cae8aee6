package dev.baton.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import dev.baton.testing.StubAnthropicApi;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** Budgets with the real pinned CLI against the stub API: its --max-budget-usd, as Baton reports and continues it. */
@TestPropertySource(properties = {"baton.claude.command=${baton.test.claude-cli}", "baton.claude.max-retries=0"})
class RealCliBudgetTest extends IntegrationTest {

    private static final StubAnthropicApi STUB = StubAnthropicApi.start();
    private static final String BASH = "{\"command\":\"echo one\",\"description\":\"Print one\"}";

    @DynamicPropertySource
    static void stubApi(DynamicPropertyRegistry registry) {
        registry.add("baton.claude.environment[ANTHROPIC_BASE_URL]", STUB::baseUrl);
        registry.add("baton.claude.environment[ANTHROPIC_API_KEY]", () -> "sk-ant-test-not-a-real-key");
        registry.add("baton.claude.environment[HOME]", () -> tempDir("baton-cli-home-").toString());
    }

    @AfterAll
    static void stopStub() {
        STUB.close();
    }

    private Api user;

    @BeforeEach
    void freshStub() {
        STUB.reset();
        user = newUser();
    }

    private String task(Map<String, Object> extra) {
        var body = new HashMap<String, Object>(Map.of("name", "t-" + UUID.randomUUID(), "promptTemplate",
                "Run echo one, then echo two, then echo three.", "allowedTools", List.of("Bash"),
                "retry", Map.of("maxAttempts", 3, "initialIntervalSeconds", 1)));
        body.putAll(extra);
        var created = user.post("/api/v1/tasks", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    private JsonNode executeSync(String taskId, Map<String, Object> extra) {
        var body = new HashMap<String, Object>(Map.of("executionMode", "sync"));
        body.putAll(extra);
        var reply = user.post("/api/v1/tasks/" + taskId + "/execute", body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    @Test
    void toolChainOverASmallCapEndsBudgetExceededAfterOneAttempt() {
        String taskId = task(Map.of("maxBudgetUsd", new BigDecimal("0.000001")));
        STUB.replyToolUse("Bash", BASH).replyToolUse("Bash", BASH).replyToolUse("Bash", BASH).replyText("Done");

        JsonNode execution = executeSync(taskId, Map.of());

        assertThat(execution.path("status").asString()).as(execution.toString()).isEqualTo("failed");
        assertThat(execution.path("error").path("type").asString()).isEqualTo("budget_exceeded");
        assertThat(execution.path("error").path("cliMessage").asString()).contains("maximum budget");
        assertThat(execution.path("attempt").asInt()).isEqualTo(1);
        // The CLI checks after each API call: the recorded cost is what it really spent, past the cap.
        assertThat(execution.path("costUsd").decimalValue()).isGreaterThan(new BigDecimal("0.000001"));
        assertThat(STUB.conversationRequests()).hasSizeLessThan(4);
        var sessionArgs = user.get("/api/v1/sessions/" + execution.path("sessionId").asString()).json();
        assertThat(sessionArgs.path("maxBudgetUsd").decimalValue()).isEqualByComparingTo("0.000001");
    }

    @Test
    void executionOverrideReplacesTheTaskCap() {
        String taskId = task(Map.of("maxBudgetUsd", 100));
        STUB.replyToolUse("Bash", BASH).replyToolUse("Bash", BASH).replyText("Done");

        JsonNode execution = executeSync(taskId, Map.of("maxBudgetUsd", new BigDecimal("0.000001")));

        assertThat(execution.path("error").path("type").asString()).as(execution.toString())
                .isEqualTo("budget_exceeded");
    }

    @Test
    void continuingWithMoreBudgetResumesTheConversationAndCompletes() {
        String taskId = task(Map.of("maxBudgetUsd", new BigDecimal("0.000001")));
        STUB.replyToolUse("Bash", BASH);
        JsonNode cut = executeSync(taskId, Map.of());
        assertThat(cut.path("error").path("type").asString()).as(cut.toString()).isEqualTo("budget_exceeded");
        String id = cut.path("id").asString();
        STUB.replyText("All three printed");

        var accepted = user.post("/api/v1/executions/" + id + "/continue", Map.of("additionalBudgetUsd", 5));

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        JsonNode done = await().atMost(Duration.ofSeconds(120)).until(
                () -> user.get("/api/v1/executions/" + id).json(),
                e -> !List.of("queued", "running").contains(e.path("status").asString()));
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("completed");
        assertThat(done.path("response").asString()).isEqualTo("All three printed");
        assertThat(done.path("continuations").asInt()).isEqualTo(1);
        assertThat(done.path("previousRunIds")).hasSize(1);
        assertThat(done.path("sessionId").asString()).isEqualTo(cut.path("sessionId").asString());
        List<JsonNode> turns = done.path("turns").valueStream().toList();
        assertThat(turns).hasSize(2);
        assertThat(turns.get(0).path("errorType").asString()).isEqualTo("budget_exceeded");
        assertThat(turns.get(1).path("status").asString()).isEqualTo("completed");
        BigDecimal sum = turns.stream().map(t -> t.path("costUsd").decimalValue()).reduce(BigDecimal.ZERO,
                BigDecimal::add);
        assertThat(done.path("costUsd").decimalValue()).isEqualByComparingTo(sum)
                .isGreaterThan(cut.path("costUsd").decimalValue());
        // The same conversation, resumed: the continuation's request carries the first run's prompt and tool call.
        var resumed = STUB.conversationRequests().getLast();
        assertThat(resumed.body().path("messages").toString()).contains("Run echo one", "toolu_");
        assertThat(resumed.lastUserText()).contains("Continue where you stopped");
        var session = user.get("/api/v1/sessions/" + done.path("sessionId").asString()).json();
        assertThat(session.path("maxBudgetUsd").decimalValue()).isEqualByComparingTo("5");

        var again = user.post("/api/v1/executions/" + id + "/continue", Map.of());
        assertThat(again.status()).as(again.toString()).isEqualTo(409);
        assertThat(again.json().path("detail").asString()).contains("completed", "max_turns");
    }

    @Test
    void usageTotalsAreTheSumOfTheStoredTurns() {
        String taskId = task(Map.of());
        STUB.replyToolUse("Bash", BASH).replyText("Printed");
        JsonNode execution = executeSync(taskId, Map.of());
        assertThat(execution.path("status").asString()).as(execution.toString()).isEqualTo("completed");
        String session = user.post("/api/v1/sessions", Map.of()).json().path("id").asString();
        STUB.replyText("Hello");
        JsonNode query = user.post("/api/v1/sessions/" + session + "/query", Map.of("message", "hi")).json();

        JsonNode byTask = user.get("/api/v1/usage?groupBy=task").json();
        JsonNode byDay = user.get("/api/v1/usage?groupBy=day").json();

        List<JsonNode> turns = new java.util.ArrayList<>(user.get("/api/v1/executions/" + execution.path("id")
                .asString()).json().path("turns").valueStream().toList());
        BigDecimal cost = turns.stream().map(t -> t.path("costUsd").decimalValue()).reduce(BigDecimal.ZERO,
                BigDecimal::add).add(query.path("costUsd").decimalValue());
        long input = execution.path("usage").path("input_tokens").asLong()
                + query.path("usage").path("input_tokens").asLong();
        long output = execution.path("usage").path("output_tokens").asLong()
                + query.path("usage").path("output_tokens").asLong();
        for (JsonNode report : List.of(byTask, byDay)) {
            JsonNode total = report.path("total");
            assertThat(total.path("costUsd").decimalValue()).as(report.toString()).isEqualByComparingTo(cost);
            assertThat(total.path("inputTokens").asLong()).isEqualTo(input).isPositive();
            assertThat(total.path("outputTokens").asLong()).isEqualTo(output).isPositive();
            assertThat(total.path("turns").asLong()).isEqualTo(turns.size() + 1);
            assertThat(total.path("executions").asLong()).isEqualTo(1);
        }
        List<JsonNode> groups = byTask.path("groups").valueStream().toList();
        assertThat(groups).hasSize(2);
        assertThat(groups.get(0).path("key").isNull()).as("a session's own turns have no task").isTrue();
        assertThat(groups.get(0).path("totals").path("costUsd").decimalValue())
                .isEqualByComparingTo(query.path("costUsd").decimalValue());
        assertThat(groups.get(1).path("key").asString()).isEqualTo(taskId);
        assertThat(groups.get(1).path("totals").path("costUsd").decimalValue())
                .isEqualByComparingTo(execution.path("costUsd").decimalValue());
        assertThat(byDay.path("groups")).hasSize(1);
        String metrics = admin.get("/actuator/prometheus").body();
        String name = user.get("/api/v1/tasks/" + taskId).json().path("name").asString();
        assertThat(metrics).contains("baton_cost_usd_total{application=\"baton\",task=\"" + name + "\"}");
    }

    @Test
    void aResumedTurnCostsWhatItSpentNotTheConversationsRunningTotal() {
        String session = user.post("/api/v1/sessions", Map.of()).json().path("id").asString();
        STUB.replyText("One").replyText("Two").replyText("Three");
        List<BigDecimal> costs = new java.util.ArrayList<>();
        for (String message : List.of("first", "second", "third")) {
            var reply = user.post("/api/v1/sessions/" + session + "/query", Map.of("message", message));
            assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
            costs.add(reply.json().path("costUsd").decimalValue());
        }

        // The stub answers each call with the same usage, so each turn costs the same; the CLI itself reports the
        // conversation's running total (c, 2c, 3c).
        assertThat(costs.get(0)).isPositive();
        assertThat(costs).allSatisfy(c -> assertThat(c).isEqualByComparingTo(costs.get(0)));
        assertThat(user.get("/api/v1/sessions/" + session).json().path("totalCostUsd").decimalValue())
                .isEqualByComparingTo(costs.get(0).multiply(BigDecimal.valueOf(3)));
        assertThat(user.get("/api/v1/usage").json().path("total").path("costUsd").decimalValue())
                .isEqualByComparingTo(costs.get(0).multiply(BigDecimal.valueOf(3)));
    }
}
