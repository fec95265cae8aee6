package dev.baton.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import dev.baton.support.SeparateJvms;
import dev.baton.testing.StubAnthropicApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A task waits for a person's decision when the zero set-up Baton is killed with {@code kill -9}; the embedded
 * Temporal server forgets the workflow. Started again on the same data directory, the execution still waits (no CLI
 * runs for it), the request is still pending, and an allow given after the restart resumes the same conversation
 * to the end.
 */
@Tag("slow")
@SeparateJvms
class ApprovalKillTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOUCH = "{\"command\":\"touch created_by_claude.txt && echo created\","
            + "\"description\":\"Create a file\"}";

    private final Path root = IntegrationTest.tempDir("baton-approval-kill9-");
    private final Path dataDir = root.resolve("data");
    private final Path log = root.resolve("baton.log");
    private final StubAnthropicApi stub = StubAnthropicApi.start();
    private EmbeddedNode node;

    @RegisterExtension
    final TestWatcher logsOnFailure = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            EmbeddedNode.printTail(log);
        }
    };

    @AfterEach
    void leaveNothingBehind() {
        if (node != null) {
            node.stop();
        }
        stub.close();
        LocalProcesses.killStartedUnder(dataDir);
        String postgresDir = dataDir.resolve("postgres").toString();
        LocalProcesses.all().stream()
                .filter(p -> p.commandLine().contains("/bin/postgres") && p.commandLine().contains(postgresDir))
                .forEach(p -> ProcessHandle.of(p.pid()).ifPresent(ProcessHandle::destroy));
    }

    private EmbeddedNode start(Path cli) throws Exception {
        Path home = Files.createDirectories(root.resolve("cli-home"));
        Map<String, String> cliEnvironment = Map.of("ANTHROPIC_BASE_URL", stub.baseUrl(),
                "ANTHROPIC_API_KEY", "sk-ant-stub-not-a-real-key", "HOME", home.toString());
        EmbeddedNode started = EmbeddedNode.start(dataDir, cli, log, Map.of(
                "BATON_CLAUDE_MAX_RETRIES", "0",
                "SPRING_APPLICATION_JSON", JSON.writeValueAsString(
                        Map.of("baton", Map.of("claude", Map.of("environment", cliEnvironment))))));
        node = started;
        started.awaitReady();
        return started;
    }

    private static JsonNode awaitStatus(Api api, String executionId, String... statuses) {
        return await().atMost(Duration.ofSeconds(90)).until(() -> api.get("/api/v1/executions/" + executionId)
                .json(), e -> List.of(statuses).contains(e.path("status").asString()));
    }

    @Test
    void anExecutionAwaitingApprovalSurvivesKill9AndAnAllowAfterTheRestartCompletesIt() throws Exception {
        String cli = System.getProperty("baton.test.claude-cli");
        assumeTrue(cli != null && Files.isExecutable(Path.of(cli)), "real Claude CLI not installed");
        stub.replyToolUse("Bash", TOUCH).replyToolUse("Bash", TOUCH).replyText("Made the file");
        Api first = start(Path.of(cli)).api;
        String taskId = first.post("/api/v1/tasks", Map.of("name", "approve-kill9", "promptTemplate", "touch a file",
                "approvalMode", "ask", "retry", Map.of("maxAttempts", 1))).json().path("id").asString();
        String executionId = first.post("/api/v1/tasks/" + taskId + "/execute", Map.of()).json()
                .path("executionId").asString();
        JsonNode waiting = awaitStatus(first, executionId, "awaiting_approval", "completed", "failed");
        assertThat(waiting.path("status").asString()).as(waiting.toString()).isEqualTo("awaiting_approval");
        String approvalId = first.get("/api/v1/approvals?status=pending&executionId=" + executionId).json()
                .path("items").get(0).path("id").asString();
        String firstRunId = waiting.path("runId").asString();

        node.kill9();
        Api second = start(Path.of(cli)).api;

        // Recovery started a new run, which found the pending request in PostgreSQL and waits again, with no CLI.
        JsonNode recovered = await().atMost(Duration.ofSeconds(60)).until(
                () -> second.get("/api/v1/executions/" + executionId).json(),
                e -> e.path("previousRunIds").size() == 1 && "awaiting_approval".equals(e.path("progress")
                        .path("phase").asString()));
        assertThat(recovered.path("status").asString()).isEqualTo("awaiting_approval");
        assertThat(LocalProcesses.startedUnder(dataDir)).as("CLI processes while waiting").isEmpty();
        assertThat(second.get("/api/v1/approvals/" + approvalId).json().path("status").asString())
                .isEqualTo("pending");
        int requestsBeforeDecision = stub.conversationRequests().size();

        var decided = second.post("/api/v1/approvals/" + approvalId, Map.of("decision", "allow"));
        assertThat(decided.status()).as(decided.toString()).isEqualTo(200);
        JsonNode done = awaitStatus(second, executionId, "completed", "failed", "cancelled", "timed_out");

        Report.of("approval-kill9-restart")
                .put("status", done.path("status").asString())
                .put("previousRuns", done.path("previousRunIds").size())
                .put("stubRequestsBeforeDecision", requestsBeforeDecision)
                .put("stubRequests", stub.conversationRequests().size())
                .print();
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("completed");
        assertThat(done.path("previousRunIds")).extracting(JsonNode::asString).containsExactly(firstRunId);
        assertThat(requestsBeforeDecision).as("nothing ran again while it waited").isEqualTo(1);
        String workspace = second.get("/api/v1/sessions/" + done.path("sessionId").asString()).json()
                .path("workingDirectory").asString();
        assertThat(Path.of(workspace).resolve("created_by_claude.txt")).exists();
    }
}
