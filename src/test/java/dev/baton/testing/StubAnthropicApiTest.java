package dev.baton.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/** Runs the real, pinned Claude CLI against the stub: each case costs one or two CLI processes. */
class StubAnthropicApiTest {

    @TempDir
    Path home;

    @TempDir
    Path work;

    @TempDir
    Path scratch;

    private StubAnthropicApi api;
    private DirectCli cli;

    @BeforeEach
    void startStub() {
        api = StubAnthropicApi.start();
        cli = new DirectCli(scratch);
    }

    @AfterEach
    void stopStub() {
        api.close();
    }

    @Test
    void cliReportsQueuedTextAsResult() throws Exception {
        api.replyText("Hello from the stub");

        DirectCliRun run = cli.run(api.cliEnvironment(home), work, "say hello");

        assertThat(run.result().path("is_error").asBoolean()).isFalse();
        assertThat(run.result().path("result").asString()).isEqualTo("Hello from the stub");
        assertThat(run.exitCode()).isZero();
        assertThat(api.requests()).singleElement()
                .satisfies(request -> assertThat(request.lastUserText()).isEqualTo("say hello"));
    }

    @Test
    void cliRunsQueuedToolUseAndSendsItsResultBack() throws Exception {
        api.replyToolUse("Bash", "{\"command\":\"echo hi\"}").replyText("done");

        DirectCliRun run = cli.run(api.cliEnvironment(home), work, "run echo", "--allowedTools", "Bash");

        assertThat(run.blocks("assistant", "tool_use")).singleElement()
                .satisfies(toolUse -> assertThat(toolUse.path("name").asString()).isEqualTo("Bash"));
        assertThat(run.blocks("user", "tool_result")).singleElement()
                .satisfies(toolResult -> assertThat(toolResult.path("is_error").asBoolean()).isFalse())
                .satisfies(toolResult -> assertThat(toolResult.path("content").toString()).contains("hi"));
        assertThat(run.result().path("result").asString()).isEqualTo("done");
        assertThat(api.requests()).extracting(RecordedRequest::hasToolResult).containsExactly(false, true);
        assertThat(api.pendingReplies()).isZero();
    }

    @Test
    void cliReportsAuthenticationErrorWithoutRetrying() throws Exception {
        api.replyError(401, "authentication_error", "invalid x-api-key");

        DirectCliRun run = cli.run(api.cliEnvironment(home), work, "say hello");

        assertThat(run.result().path("is_error").asBoolean()).isTrue();
        assertThat(run.result().path("api_error_status").asInt()).isEqualTo(401);
        assertThat(api.requestCount()).isEqualTo(1);
    }

    @Test
    void cliReportsOverloadedWhenRetriesAreOff() throws Exception {
        api.replyError(529, "overloaded_error", "Overloaded");
        Map<String, String> environment = new HashMap<>(api.cliEnvironment(home));
        environment.put("CLAUDE_CODE_MAX_RETRIES", "0");

        DirectCliRun run = cli.run(environment, work, "say hello");

        assertThat(run.result().path("is_error").asBoolean()).isTrue();
        assertThat(run.result().path("api_error_status").asInt()).isEqualTo(529);
        assertThat(api.requestCount()).isEqualTo(1);
    }

    @Test
    void resumedTurnSendsTheEarlierTurnToTheApi() throws Exception {
        api.replyText("first answer");
        DirectCliRun first = cli.run(api.cliEnvironment(home), work, "first question");
        String sessionId = first.sessionId();

        // Nothing queued: the default reply echoes the prompt.
        DirectCliRun second = cli.run(api.cliEnvironment(home), work, "second question", "--resume", sessionId);

        assertThat(second.result().path("is_error").asBoolean()).isFalse();
        assertThat(second.result().path("result").asString()).isEqualTo("Echo: second question");
        assertThat(second.sessionId()).isEqualTo(sessionId);
        List<RecordedRequest> requests = api.requests();
        assertThat(requests).hasSize(2);
        JsonNode resumedMessages = requests.get(1).body().path("messages");
        assertThat(resumedMessages.toString()).contains("first question", "first answer");
        assertThat(requests.get(1).lastUserText()).isEqualTo("second question");
    }
}
