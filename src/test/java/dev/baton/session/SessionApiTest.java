package dev.baton.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Sessions through REST against the real database and the scripted fake CLI. */
class SessionApiTest extends IntegrationTest {

    private Api alice;

    @BeforeEach
    void user() {
        alice = newUser();
    }

    private String createSession(Map<String, Object> body) {
        var created = alice.post("/api/v1/sessions", body);
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    @Test
    void queryReturnsFinalTextAndPersistsEveryMessageInOrder() {
        String id = createSession(Map.of("title", "first"));

        var reply = alice.post("/api/v1/sessions/" + id + "/query", Map.of("message", "hello"));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode body = reply.json();
        assertThat(body.path("response").asString()).isEqualTo("Echo: hello");
        assertThat(body.path("isError").asBoolean()).isFalse();
        assertThat(body.path("sessionId").asString()).isEqualTo(id);
        assertThat(body.path("numTurns").asInt()).isEqualTo(1);
        assertThat(body.path("costUsd").isNumber()).isTrue();
        assertThat(body.path("usage").path("input_tokens").isNumber()).isTrue();

        List<JsonNode> messages = alice.get("/api/v1/sessions/" + id + "/messages").json().valueStream().toList();
        assertThat(messages).hasSize(body.path("messageCount").asInt());
        assertThat(messages).extracting(m -> m.path("type").asString())
                .containsExactly("prompt", "system", "assistant", "result");
        assertThat(messages).extracting(m -> m.path("sequence").asLong()).containsExactly(1L, 2L, 3L, 4L);
        assertThat(messages.get(2).path("text").asString()).isEqualTo("Echo: hello");
        assertThat(messages.get(2).path("message").path("type").asString()).isEqualTo("assistant");

        var after = alice.get("/api/v1/sessions/" + id + "/messages?after=2").json();
        assertThat(after.valueStream().map(m -> m.path("sequence").asLong()).toList()).containsExactly(3L, 4L);
    }

    @Test
    void secondTurnResumesTheClaudeSession() {
        String id = createSession(Map.of());
        alice.post("/api/v1/sessions/" + id + "/query", Map.of("message", "one"));
        String claudeId = alice.get("/api/v1/sessions/" + id).json().path("claudeSessionId").asString();

        var second = alice.post("/api/v1/sessions/" + id + "/query", Map.of("message", "two"));

        assertThat(second.json().path("isError").asBoolean()).as(second.toString()).isFalse();
        assertThat(fakeArgs(id)).containsSequence("--resume", claudeId);
        var seqs = alice.get("/api/v1/sessions/" + id + "/messages").json().valueStream()
                .map(m -> m.path("sequence").asLong()).toList();
        assertThat(seqs).doesNotHaveDuplicates().isSorted().hasSize(8);
    }

    @Test
    void promptTravelsOnStdinAndNeverOnTheCommandLine() throws Exception {
        String id = createSession(Map.of("model", "sonnet", "permissionMode", "acceptEdits",
                "allowedTools", List.of("Bash(git diff:*)", "Read"), "disallowedTools", List.of("WebFetch"),
                "maxTurns", 3, "appendSystemPrompt", "Be brief."));
        String prompt = "--help; rm -rf ~ $(touch /tmp/pwned) `id`";

        alice.post("/api/v1/sessions/" + id + "/query", Map.of("message", prompt));

        List<String> args = fakeArgs(id);
        assertThat(args).noneMatch(a -> a.contains("rm -rf")).doesNotContain(prompt);
        assertThat(args).containsSequence("--model", "sonnet").containsSequence("--permission-mode", "acceptEdits")
                .containsSequence("--allowedTools", "Bash(git diff:*),Read")
                .containsSequence("--disallowedTools", "WebFetch").containsSequence("--max-turns", "3")
                .contains("-p", "--verbose").containsSequence("--output-format", "stream-json");
        assertThat(Files.readString(configDir(id).resolve("fake-claude-stdin.txt"))).isEqualTo(prompt);
        assertThat(Path.of("/tmp/pwned")).doesNotExist();
    }

    @Test
    void apiErrorIsReportedWithItsClassification() {
        String id = createSession(Map.of());

        var reply = alice.post("/api/v1/sessions/" + id + "/query", Map.of("message", "[[scenario:error401]]"));

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("isError").asBoolean()).isTrue();
        JsonNode error = reply.json().path("error");
        assertThat(error.path("type").asString()).isEqualTo("authentication");
        assertThat(error.path("retryable").asBoolean()).isFalse();
        assertThat(error.path("message").asString()).contains("ANTHROPIC_API_KEY").doesNotContain("Fix external");
        assertThat(error.path("cliMessage").asString()).isEqualTo("Invalid API key · Fix external API key");
        assertThat(error.path("apiStatus").asInt()).isEqualTo(401);
    }

    @Test
    void aTurnWithoutCredentialsSaysWhatToSetAndKeepsTheCliText() {
        String id = createSession(Map.of());

        var reply = alice.post("/api/v1/sessions/" + id + "/query", Map.of("message", "[[scenario:nocredentials]]"));

        JsonNode error = reply.json().path("error");
        assertThat(error.path("type").asString()).as(reply.toString()).isEqualTo("missing_credentials");
        assertThat(error.path("message").asString())
                .contains("ANTHROPIC_API_KEY", "ANTHROPIC_AUTH_TOKEN", "CLAUDE_CODE_OAUTH_TOKEN").doesNotContain("/login");
        assertThat(error.path("cliMessage").asString()).isEqualTo("Not logged in · Please run /login");
        assertThat(error.has("apiStatus")).isFalse();
    }

    @Test
    void aFailedTurnKeepsTheCostAndUsageTheCliReported() {
        String id = createSession(Map.of("maxTurns", 2));

        JsonNode reply = alice.post("/api/v1/sessions/" + id + "/query", Map.of("message", "[[scenario:maxturns]]"))
                .json();

        assertThat(reply.path("error").path("type").asString()).isEqualTo("max_turns");
        assertThat(reply.path("costUsd").decimalValue()).isEqualByComparingTo("0.000123");
        assertThat(reply.path("usage").path("output_tokens").asInt()).isEqualTo(5);
        assertThat(alice.get("/api/v1/sessions/" + id).json().path("totalCostUsd").decimalValue())
                .isEqualByComparingTo("0.000123");
    }

    @Test
    void crashedCliIsReportedAsCrashed() {
        String id = createSession(Map.of());

        var reply = alice.post("/api/v1/sessions/" + id + "/query", Map.of("message", "[[scenario:crash]]"));

        assertThat(reply.json().path("isError").asBoolean()).isTrue();
        assertThat(reply.json().path("error").path("type").asString()).isEqualTo("cli_crashed");
        var turnMessages = alice.get("/api/v1/sessions/" + id + "/messages").json();
        assertThat(turnMessages.size()).isEqualTo(reply.json().path("messageCount").asInt()).isGreaterThan(1);
    }

    @Test
    void aSecondQueryWhileATurnRunsGetsConflictAndLeavesNoTrace() {
        String id = createSession(Map.of());
        var first = CompletableFuture.supplyAsync(() ->
                alice.post("/api/v1/sessions/" + id + "/query", Map.of("message", "[[scenario:gate]]")));
        await().atMost(Duration.ofSeconds(30)).until(() ->
                alice.get("/api/v1/sessions/" + id + "/messages").json().size() >= 2);

        var second = alice.post("/api/v1/sessions/" + id + "/query", Map.of("message", "too soon"));
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.isProblem()).isTrue();
        assertThat(alice.delete("/api/v1/sessions/" + id).status()).isEqualTo(409);

        release(id);
        assertThat(first.join().json().path("isError").asBoolean()).isFalse();
        var texts = alice.get("/api/v1/sessions/" + id + "/messages").json().valueStream()
                .map(m -> m.path("text").asString("")).toList();
        assertThat(texts).doesNotContain("too soon");
        assertThat(alice.post("/api/v1/sessions/" + id + "/query", Map.of("message", "now")).status()).isEqualTo(200);
    }

    @Test
    void sessionsAreListedNewestFirstAndOnlyToTheirOwner() {
        String older = createSession(Map.of("title", "older"));
        String newer = createSession(Map.of("title", "newer"));
        Api bob = newUser();

        var page = alice.get("/api/v1/sessions?size=1").json();
        assertThat(page.path("items").get(0).path("id").asString()).isEqualTo(newer);
        assertThat(page.path("totalItems").asLong()).isEqualTo(2);
        assertThat(page.path("totalPages").asInt()).isEqualTo(2);

        assertThat(bob.get("/api/v1/sessions").json().path("totalItems").asLong()).isZero();
        assertThat(bob.get("/api/v1/sessions/" + older).status()).isEqualTo(404);
        assertThat(bob.get("/api/v1/sessions/" + older + "/messages").status()).isEqualTo(404);
        assertThat(bob.post("/api/v1/sessions/" + older + "/query", Map.of("message", "hi")).status()).isEqualTo(404);
        assertThat(bob.delete("/api/v1/sessions/" + older).status()).isEqualTo(404);
        assertThat(alice.get("/api/v1/sessions/" + older).status()).isEqualTo(200);
    }

    @Test
    void deleteRemovesTheSessionAndItsMessages() {
        String id = createSession(Map.of());
        alice.post("/api/v1/sessions/" + id + "/query", Map.of("message", "hi"));

        assertThat(alice.delete("/api/v1/sessions/" + id).status()).isEqualTo(204);

        assertThat(alice.get("/api/v1/sessions/" + id).status()).isEqualTo(404);
        assertThat(alice.get("/api/v1/sessions/" + id + "/messages").status()).isEqualTo(404);
    }

    private List<String> fakeArgs(String sessionId) {
        try {
            return Files.readAllLines(configDir(sessionId).resolve("fake-claude-args.txt"));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
