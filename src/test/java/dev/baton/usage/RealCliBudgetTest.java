package dev.baton.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import dev.baton.testing.StubAnthropicApi;
import java.math.BigDecimal;
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
}
