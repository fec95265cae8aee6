package dev.baton.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Continuing an execution cut short, with the scripted fake CLI. */
class ContinueExecutionTest extends IntegrationTest {

    private JsonNode ended(Api user, String id) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> user.get("/api/v1/executions/" + id).json(),
                e -> !List.of("queued", "running").contains(e.path("status").asString()));
    }

    @Test
    void maxTurnsContinuesWithMoreTurnsResumingTheSameConversation() throws Exception {
        Api user = newUser();
        String task = user.post("/api/v1/tasks", Map.of("name", "t-" + UUID.randomUUID(), "promptTemplate",
                "[[scenario:maxturns]]", "maxTurns", 2)).json().path("id").asString();
        String id = user.post("/api/v1/tasks/" + task + "/execute", Map.of()).json().path("executionId").asString();
        JsonNode cut = ended(user, id);
        assertThat(cut.path("error").path("type").asString()).as(cut.toString()).isEqualTo("max_turns");

        var accepted = user.post("/api/v1/executions/" + id + "/continue",
                Map.of("maxTurns", 5, "message", "[[scenario:echo]] carry on"));

        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        JsonNode done = ended(user, id);
        assertThat(done.path("status").asString()).as(done.toString()).isEqualTo("completed");
        assertThat(done.path("error").isMissingNode() || done.path("error").isNull()).isTrue();
        assertThat(done.path("turns")).hasSize(2);
        assertThat(done.path("costUsd").decimalValue()).isEqualByComparingTo("0.000246");
        List<String> args = Files.readAllLines(configDir(done.path("sessionId").asString())
                .resolve("fake-claude-args.txt"));
        assertThat(args).containsSequence("--max-turns", "5").contains("--resume");
    }

    @Test
    void onlyExecutionsCutShortContinue() {
        Api user = newUser();
        String task = user.post("/api/v1/tasks", Map.of("name", "t-" + UUID.randomUUID(), "promptTemplate",
                "[[scenario:error401]]", "retry", Map.of("maxAttempts", 1))).json().path("id").asString();
        String id = user.post("/api/v1/tasks/" + task + "/execute", Map.of()).json().path("executionId").asString();
        assertThat(ended(user, id).path("error").path("type").asString()).isEqualTo("authentication");

        var refused = user.post("/api/v1/executions/" + id + "/continue", Map.of());

        assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
        assertThat(refused.json().path("detail").asString()).contains("authentication", "max_turns");
        assertThat(user.get("/api/v1/executions/" + id).json().path("continuations").asInt()).isZero();
        assertThat(user.post("/api/v1/executions/" + UUID.randomUUID() + "/continue", Map.of()).status())
                .isEqualTo(404);
        assertThat(user.post("/api/v1/executions/" + id + "/continue", Map.of("additionalBudgetUsd", -1)).status())
                .isEqualTo(400);
    }
}
