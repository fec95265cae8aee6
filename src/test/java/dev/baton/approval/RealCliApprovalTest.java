package dev.baton.approval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.claude.ClaudeCli;
import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import dev.baton.support.Scrape;
import dev.baton.support.WsClient;
import dev.baton.testing.StubAnthropicApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * Sessions with {@code approvalMode ask}, with the real pinned CLI against the stub API: the stub asks for a Bash
 * call that no permission rule allows, so the CLI asks Baton, and Baton asks a person.
 */
@TestPropertySource(properties = {"baton.claude.command=${baton.test.claude-cli}", "baton.claude.max-retries=0",
        "baton.approvals.poll-interval=200ms"})
class RealCliApprovalTest extends IntegrationTest {

    private static final StubAnthropicApi STUB = StubAnthropicApi.start();
    private static final String TOUCH = "{\"command\":\"touch created_by_claude.txt && echo created\","
            + "\"description\":\"Create a file\"}";

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

    private JsonNode session(Map<String, Object> body) {
        var created = user.post("/api/v1/sessions", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    private JsonNode pendingOf(String sessionId) {
        return await().atMost(Duration.ofSeconds(60)).until(
                () -> user.get("/api/v1/approvals?status=pending&sessionId=" + sessionId).json().path("items"),
                items -> items.size() == 1).get(0);
    }

    @Test
    void allowedToolRunsAndTheSyncQueryWaitsForTheDecision() throws Exception {
        JsonNode session = session(Map.of("approvalMode", "ask"));
        String id = session.path("id").asString();
        STUB.replyToolUse("Bash", TOUCH).replyText("Made the file");

        CompletableFuture<Api.Response> query = CompletableFuture.supplyAsync(
                () -> user.post("/api/v1/sessions/" + id + "/query", Map.of("message", "touch a file")));
        JsonNode pending = pendingOf(id);
        assertThat(pending.path("toolName").asString()).isEqualTo("Bash");
        assertThat(pending.path("input").path("command").asString()).isEqualTo("touch created_by_claude.txt && echo "
                + "created");
        assertThat(query).isNotDone();
        assertThat(Scrape.of(admin).value("baton_approvals_pending")).isGreaterThanOrEqualTo(1);

        var decided = user.post("/api/v1/approvals/" + pending.path("id").asString(), Map.of("decision", "allow"));
        assertThat(decided.status()).as(decided.toString()).isEqualTo(200);

        var reply = query.get(60, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().path("isError").asBoolean()).as(reply.toString()).isFalse();
        assertThat(reply.json().path("response").asString()).isEqualTo("Made the file");
        assertThat(Path.of(session.path("workingDirectory").asString()).resolve("created_by_claude.txt")).exists();
        assertThat(STUB.conversationRequests().getLast().body().toString()).contains("created");
        assertThat(user.get("/api/v1/approvals/" + pending.path("id").asString()).json().path("status").asString())
                .isEqualTo("allowed");
        assertThat(Scrape.of(admin).value("baton_approval_wait_seconds_count", "status=\"allowed\""))
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void deniedOverTheWebSocketTellsClaudeWhyAndTheTurnCompletes() {
        JsonNode session = session(Map.of("approvalMode", "ask"));
        String id = session.path("id").asString();
        STUB.replyToolUse("Bash", TOUCH).replyText("Understood, no file");

        List<JsonNode> frames;
        try (var ws = WsClient.connect(user, "/ws/sessions/" + id)) {
            ws.send("{\"type\":\"query\",\"message\":\"touch a file\"}");
            JsonNode request;
            do {
                request = ws.next();
            } while (!request.path("type").asString().equals("approval_request"));
            assertThat(request.path("toolName").asString()).isEqualTo("Bash");
            assertThat(request.path("status").asString()).isEqualTo("pending");
            ws.send("{\"type\":\"approval\",\"id\":\"" + request.path("id").asString()
                    + "\",\"decision\":\"deny\",\"message\":\"Denied by the reviewer\"}");
            frames = ws.untilTurnEnds();
        }

        assertThat(frames.getLast().path("type").asString()).as(frames.getLast().toString()).isEqualTo("result");
        assertThat(frames.getLast().path("response").asString()).isEqualTo("Understood, no file");
        assertThat(frames).anySatisfy(f -> {
            assertThat(f.path("type").asString()).isEqualTo("approval_decision");
            assertThat(f.path("status").asString()).isEqualTo("denied");
        });
        assertThat(STUB.conversationRequests().getLast().body().toString()).contains("Denied by the reviewer");
        assertThat(Path.of(session.path("workingDirectory").asString()).resolve("created_by_claude.txt"))
                .doesNotExist();
    }

    @Test
    void undecidedRequestExpiresAndClaudeIsToldSo() throws Exception {
        JsonNode session = session(Map.of("approvalMode", "ask", "approvalTimeoutSeconds", 10));
        String id = session.path("id").asString();
        STUB.replyToolUse("Bash", TOUCH).replyText("No answer, moving on");

        var reply = user.post("/api/v1/sessions/" + id + "/query", Map.of("message", "touch a file"));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        assertThat(reply.json().path("response").asString()).isEqualTo("No answer, moving on");
        assertThat(STUB.conversationRequests().getLast().body().toString()).contains("denied: no decision in time");
        JsonNode expired = user.get("/api/v1/approvals?sessionId=" + id).json().path("items").get(0);
        assertThat(expired.path("status").asString()).isEqualTo("expired");
        assertThat(expired.path("decidedBy").isNull() || expired.path("decidedBy").isMissingNode()).isTrue();
        assertThat(Files.exists(Path.of(session.path("workingDirectory").asString()).resolve("created_by_claude.txt")))
                .isFalse();
    }

    // --- tasks: the execution waits durably, with no CLI running ------------------------------------------------

    @Autowired
    private ClaudeCli cli;

    private String execute(Map<String, Object> approvals) {
        var body = new java.util.HashMap<String, Object>(Map.of("name", "approve-" + UUID.randomUUID(),
                "promptTemplate", "touch a file", "retry", Map.of("maxAttempts", 1)));
        body.putAll(approvals);
        var task = user.post("/api/v1/tasks", body);
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        assertThat(task.json().path("approvalMode").asString()).isEqualTo("ask");
        var accepted = user.post("/api/v1/tasks/" + task.json().path("id").asString() + "/execute", Map.of());
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted.json().path("executionId").asString();
    }

    private JsonNode awaitStatus(String executionId, String... statuses) {
        return await().atMost(Duration.ofSeconds(90)).until(() -> user.get("/api/v1/executions/" + executionId)
                .json(), e -> List.of(statuses).contains(e.path("status").asString()));
    }

    private JsonNode awaitingApproval(String executionId) {
        JsonNode waiting = awaitStatus(executionId, "awaiting_approval", "completed", "failed", "cancelled");
        assertThat(waiting.path("status").asString()).as(waiting.toString()).isEqualTo("awaiting_approval");
        // Nothing is kept running for a person who may answer hours later.
        await().atMost(Duration.ofSeconds(30)).until(() -> cli.running() == 0);
        JsonNode pending = user.get("/api/v1/approvals?status=pending&executionId=" + executionId).json()
                .path("items");
        assertThat(pending.size()).isEqualTo(1);
        assertThat(pending.get(0).path("toolName").asString()).isEqualTo("Bash");
        return pending.get(0);
    }

    private Path workspace(JsonNode execution) {
        return Path.of(user.get("/api/v1/sessions/" + execution.path("sessionId").asString()).json()
                .path("workingDirectory").asString());
    }

    @Test
    void taskAwaitsApprovalWithNoCliThenAnAllowResumesTheConversationAndCompletes() {
        STUB.replyToolUse("Bash", TOUCH).replyToolUse("Bash", TOUCH).replyText("Made the file");
        String executionId = execute(Map.of("approvalMode", "ask"));

        JsonNode pending = awaitingApproval(executionId);
        var decided = user.post("/api/v1/approvals/" + pending.path("id").asString(), Map.of("decision", "allow"));
        assertThat(decided.status()).as(decided.toString()).isEqualTo(200);

        JsonNode done = awaitStatus(executionId, "completed", "failed", "cancelled", "timed_out");
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("completed");
        assertThat(done.path("response").asString()).isEqualTo("Made the file");
        assertThat(workspace(done).resolve("created_by_claude.txt")).exists();
        assertThat(STUB.conversationRequests().get(1).lastUserText()).contains("A person allowed your Bash call");
    }

    @Test
    void taskDeniedGoesOnWithoutTheTool() {
        STUB.replyToolUse("Bash", TOUCH).replyText("Going on without the file");
        String executionId = execute(Map.of("approvalMode", "ask"));

        JsonNode pending = awaitingApproval(executionId);
        user.post("/api/v1/approvals/" + pending.path("id").asString(), Map.of("decision", "deny", "message",
                "Denied by the reviewer"));

        JsonNode done = awaitStatus(executionId, "completed", "failed", "cancelled", "timed_out");
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("completed");
        assertThat(STUB.conversationRequests().getLast().lastUserText()).contains("Denied by the reviewer");
        assertThat(workspace(done).resolve("created_by_claude.txt")).doesNotExist();
    }

    @Test
    void taskFailsAsApprovalExpiredWhenTheTaskSaysFail() {
        STUB.replyToolUse("Bash", TOUCH);
        String executionId = execute(Map.of("approvalMode", "ask", "approvalTimeoutSeconds", 10,
                "onApprovalTimeout", "fail"));
        awaitingApproval(executionId);

        JsonNode done = awaitStatus(executionId, "completed", "failed", "cancelled", "timed_out");
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("failed");
        assertThat(done.path("error").path("type").asString()).isEqualTo("approval_expired");
        assertThat(user.get("/api/v1/approvals?executionId=" + executionId).json().path("items").get(0)
                .path("status").asString()).isEqualTo("expired");
    }

    @Test
    void cancelWhileAwaitingApprovalEndsCancelledAtOnce() {
        STUB.replyToolUse("Bash", TOUCH);
        String executionId = execute(Map.of("approvalMode", "ask"));
        JsonNode pending = awaitingApproval(executionId);

        var cancelled = user.post("/api/v1/executions/" + executionId + "/cancel", Map.of());
        assertThat(cancelled.status()).as(cancelled.toString()).isLessThan(300);

        JsonNode done = awaitStatus(executionId, "completed", "failed", "cancelled", "timed_out");
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("cancelled");
        assertThat(user.get("/api/v1/approvals/" + pending.path("id").asString()).json().path("status").asString())
                .isEqualTo("expired");
    }
}
