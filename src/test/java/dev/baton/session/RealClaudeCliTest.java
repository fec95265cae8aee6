package dev.baton.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import dev.baton.support.WsClient;
import dev.baton.testing.StubAnthropicApi;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The compatibility suite: the real pinned Claude CLI, driven through Baton's REST and WebSocket APIs, against a
 * stub of the Anthropic Messages API. It proves the adapter understands what this CLI version really does.
 */
@TestPropertySource(properties = {"baton.claude.command=${baton.test.claude-cli}", "baton.claude.max-retries=0"})
class RealClaudeCliTest extends IntegrationTest {

    private static final StubAnthropicApi STUB = StubAnthropicApi.start();

    @DynamicPropertySource
    static void stubApi(DynamicPropertyRegistry registry) {
        registry.add("baton.claude.environment[ANTHROPIC_BASE_URL]", STUB::baseUrl);
        registry.add("baton.claude.environment[ANTHROPIC_API_KEY]", () -> "sk-ant-test-not-a-real-key");
        // A home of its own: the CLI's Bash tool snapshots the login shell, and this machine's dotfiles (and
        // their start-up time) are not part of what is under test.
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

    private String session(Map<String, Object> body) {
        return user.post("/api/v1/sessions", body).json().path("id").asString();
    }

    private JsonNode query(String sessionId, String message) {
        var reply = user.post("/api/v1/sessions/" + sessionId + "/query", Map.of("message", message));
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        return reply.json();
    }

    @Test
    void textReplyThroughRest() {
        String id = session(Map.of());
        STUB.replyText("Hello from the stub");

        JsonNode reply = query(id, "say hello");

        assertThat(reply.path("isError").asBoolean()).as(reply.toString()).isFalse();
        assertThat(reply.path("response").asString()).isEqualTo("Hello from the stub");
        assertThat(reply.path("costUsd").isNumber()).isTrue();
        assertThat(STUB.requests().getLast().lastUserText()).contains("say hello");
        List<JsonNode> messages = user.get("/api/v1/sessions/" + id + "/messages").json().valueStream().toList();
        assertThat(messages).anySatisfy(m -> {
            assertThat(m.path("subtype").asString()).isEqualTo("init");
            assertThat(m.path("message").path("claude_code_version").asString()).isEqualTo("2.1.330");
        });
        assertThat(messages.getLast().path("type").asString()).isEqualTo("result");
    }

    @Test
    void toolRoundTripStreamsThroughTheWebSocket() {
        String id = session(Map.of("allowedTools", List.of("Bash")));
        STUB.replyToolUse("Bash", "{\"command\":\"echo hi\",\"description\":\"Print hi\"}").replyText("It printed hi");

        List<JsonNode> frames;
        try (var ws = WsClient.connect(user, "/ws/sessions/" + id)) {
            ws.send("{\"type\":\"query\",\"message\":\"run echo hi\"}");
            frames = ws.untilTurnEnds();
        }

        assertThat(frames.getLast().path("type").asString()).as(frames.getLast().toString()).isEqualTo("result");
        assertThat(frames.getLast().path("response").asString()).isEqualTo("It printed hi");
        assertThat(frames).anySatisfy(f -> assertThat(
                f.path("message").path("message").path("content").path(0).path("name").asString()).isEqualTo("Bash"));
        assertThat(frames).anySatisfy(f -> {
            assertThat(f.path("messageType").asString()).isEqualTo("user");
            assertThat(f.path("message").path("message").path("content").path(0).path("content").toString())
                    .contains("hi");
        });
        assertThat(STUB.conversationRequests()).hasSize(2);
        assertThat(STUB.conversationRequests().getLast().hasToolResult()).isTrue();
    }

    @Test
    void authenticationErrorIsPermanentAndTriedOnce() {
        String id = session(Map.of());
        STUB.replyError(401, "authentication_error", "invalid x-api-key");

        JsonNode reply = query(id, "hello");

        assertThat(reply.path("isError").asBoolean()).isTrue();
        assertThat(reply.path("error").path("type").asString()).isEqualTo("authentication");
        assertThat(reply.path("error").path("retryable").asBoolean()).isFalse();
        assertThat(STUB.conversationRequests()).hasSize(1);
    }

    @Test
    void overloadedIsTransient() {
        String id = session(Map.of());
        STUB.replyError(529, "overloaded_error", "Overloaded");

        JsonNode reply = query(id, "hello");

        assertThat(reply.path("isError").asBoolean()).isTrue();
        assertThat(reply.path("error").path("type").asString()).isEqualTo("overloaded");
        assertThat(reply.path("error").path("retryable").asBoolean()).isTrue();
    }

    private String taskExecution(String template) {
        String taskId = user.post("/api/v1/tasks", Map.of("name", "real-" + template.hashCode(), "promptTemplate",
                template, "retry", Map.of("maxAttempts", 3, "initialIntervalSeconds", 1))).json().path("id").asString();
        var accepted = user.post("/api/v1/tasks/" + taskId + "/execute", Map.of());
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted.json().path("executionId").asString();
    }

    private JsonNode awaitEnd(String executionId) {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(90)).until(
                () -> user.get("/api/v1/executions/" + executionId).json(),
                e -> List.of("completed", "failed", "cancelled", "timed_out").contains(e.path("status").asString()));
    }

    @Test
    void taskOverloadedOnTheFirstAttemptCompletesAfterARetry() {
        STUB.replyError(529, "overloaded_error", "Overloaded").replyText("Cluster healthy");

        JsonNode done = awaitEnd(taskExecution("check the cluster"));
        report("real-cli-529-temporal-retry", done);

        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("completed");
        assertThat(done.path("attempt").asInt()).isEqualTo(2);
        assertThat(done.path("response").asString()).isEqualTo("Cluster healthy");
        assertThat(STUB.conversationRequests()).hasSize(2);
        var attempts = user.get("/api/v1/sessions/" + done.path("sessionId").asString() + "/messages").json()
                .valueStream().map(m -> m.path("attempt").asInt()).distinct().toList();
        assertThat(attempts).containsExactly(1, 2);
    }

    @Test
    void taskRateLimitedOnTheFirstAttemptCompletesAfterTemporalRetriesIt() {
        STUB.replyError(429, "rate_limit_error", "Number of requests has exceeded your rate limit")
                .replyText("Report ready");

        JsonNode done = awaitEnd(taskExecution("write the report"));
        report("real-cli-429-temporal-retry", done);

        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("completed");
        assertThat(done.path("attempt").asInt()).as("Temporal's retry, not the CLI's (max-retries=0)").isEqualTo(2);
        assertThat(done.path("response").asString()).isEqualTo("Report ready");
        assertThat(STUB.conversationRequests()).hasSize(2);
        assertThat(cliRetries(done)).isZero();
    }

    /**
     * One {@code RELIABILITY |} line for a task case (see {@code dev.baton.reliability.Report}): the attempts are
     * Temporal's, the {@code api_retry} lines the CLI's own retries, the requests what reached the stub API.
     */
    private void report(String name, JsonNode done) {
        dev.baton.reliability.Report.of(name)
                .put("status", done.path("status").asString())
                .put("errorType", done.path("error").path("type").asString("none"))
                .put("temporalAttempts", done.path("attempt").asInt())
                .put("cliRetries", cliRetries(done))
                .put("stubConversationRequests", STUB.conversationRequests().size())
                .print();
    }

    private long cliRetries(JsonNode execution) {
        return user.get("/api/v1/sessions/" + execution.path("sessionId").asString() + "/messages").json()
                .valueStream().filter(m -> "api_retry".equals(m.path("subtype").asString())).count();
    }

    @Test
    void taskWithABadKeyFailsAfterExactlyOneAttempt() {
        STUB.replyError(401, "authentication_error", "invalid x-api-key");

        JsonNode done = awaitEnd(taskExecution("anything"));
        report("real-cli-401-no-retry", done);

        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("failed");
        assertThat(done.path("attempt").asInt()).isEqualTo(1);
        assertThat(done.path("error").path("type").asString()).isEqualTo("authentication");
        assertThat(STUB.conversationRequests()).hasSize(1);
    }

    @Test
    void secondTurnResumesTheConversation() {
        String id = session(Map.of());
        query(id, "remember the word apricot");

        JsonNode second = query(id, "which word?");

        assertThat(second.path("isError").asBoolean()).as(second.toString()).isFalse();
        assertThat(second.path("response").asString()).isEqualTo("Echo: which word?");
        assertThat(STUB.conversationRequests().getLast().body().toString()).contains("remember the word apricot");
        String claudeId = user.get("/api/v1/sessions/" + id).json().path("claudeSessionId").asString();
        assertThat(claudeId).isNotBlank();
    }
}
