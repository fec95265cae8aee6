package dev.baton.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import dev.baton.support.WsClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** A user's limits as executions and WebSocket queries meet them (the fake CLI). */
class UserConcurrencyTest extends IntegrationTest {

    private void limit(Api user, String body) {
        String id = user.get("/api/v1/users/me").json().path("id").asString();
        var set = admin.send("PUT", "/api/v1/users/" + id + "/limits", body, "application/json");
        assertThat(set.status()).as(set.toString()).isEqualTo(200);
    }

    private static String execute(Api user, String template) {
        String task = user.post("/api/v1/tasks", Map.of("name", "t-" + UUID.randomUUID(), "promptTemplate", template))
                .json().path("id").asString();
        return user.post("/api/v1/tasks/" + task + "/execute", Map.of()).json().path("executionId").asString();
    }

    @Test
    void anExecutionPastMaxConcurrentTurnsWaitsQueuedForASlotAndMayBeCancelledThere() {
        Api user = newUser();
        limit(user, "{\"maxConcurrentTurns\": 1}");
        String first = execute(user, "[[scenario:gate]]");
        JsonNode running = await().atMost(Duration.ofSeconds(30)).until(
                () -> user.get("/api/v1/executions/" + first).json(),
                e -> "running".equals(e.path("status").asString()) && !e.path("sessionId").isMissingNode());

        try {
            waitsThenCancels(user, first, running);
        } finally {
            // Never leave the gated CLI running for the next test of this context, whatever failed above.
            if (!"completed".equals(user.get("/api/v1/executions/" + first).json().path("status").asString())
                    && !java.nio.file.Files.exists(configDir(running.path("sessionId").asString()).resolve("release"))) {
                release(running.path("sessionId").asString());
            }
        }
    }

    private void waitsThenCancels(Api user, String first, JsonNode running) {
        String second = execute(user, "hello");
        JsonNode waiting = await().atMost(Duration.ofSeconds(30)).until(
                () -> user.get("/api/v1/executions/" + second).json(),
                e -> "waiting_for_slot".equals(e.path("progress").path("phase").asString()));

        assertThat(waiting.path("status").asString()).isEqualTo("queued");
        assertThat(user.post("/api/v1/executions/" + second + "/cancel", null).status()).isEqualTo(202);
        JsonNode cancelled = await().atMost(Duration.ofSeconds(30)).until(
                () -> user.get("/api/v1/executions/" + second).json(),
                e -> "cancelled".equals(e.path("status").asString()));
        assertThat(cancelled.path("attempt").asInt()).isZero();
        String third = execute(user, "hello");
        release(running.path("sessionId").asString());
        await().atMost(Duration.ofSeconds(30)).until(() -> user.get("/api/v1/executions/" + third).json()
                .path("status").asString().equals("completed"));
        assertThat(user.get("/api/v1/executions/" + first).json().path("status").asString()).isEqualTo("completed");
    }

    @Test
    void aWebSocketQueryOverTheMonthlyBudgetGetsABudgetExhaustedFrame() {
        Api user = newUser();
        String session = user.post("/api/v1/sessions", Map.of()).json().path("id").asString();
        limit(user, "{\"monthlyBudgetUsd\": 0}");

        try (var ws = WsClient.connect(user, "/ws/sessions/" + session)) {
            ws.send("{\"type\":\"query\",\"message\":\"hello\"}");
            JsonNode frame = ws.next();
            assertThat(frame.path("error").path("type").asString()).as(frame.toString())
                    .isEqualTo("budget_exhausted");
            assertThat(frame.path("error").path("message").asString()).contains("monthlyBudgetUsd");
        }
        assertThat(user.get("/api/v1/sessions/" + session + "/messages").json()).isEmpty();
    }

    @Test
    void twoQueriesAtOnceCannotBothTakeTheLastSlot() {
        Api user = newUser();
        limit(user, "{\"maxConcurrentTurns\": 1}");
        List<String> sessions = List.of(user.post("/api/v1/sessions", Map.of()).json().path("id").asString(),
                user.post("/api/v1/sessions", Map.of()).json().path("id").asString());
        List<CompletableFuture<Api.Response>> queries = sessions.stream().map(id -> CompletableFuture.supplyAsync(
                () -> user.post("/api/v1/sessions/" + id + "/query", Map.of("message", "[[scenario:gate]]"))))
                .toList();

        Api.Response refused = await().atMost(Duration.ofSeconds(30)).until(
                () -> queries.stream().filter(CompletableFuture::isDone).map(CompletableFuture::join).findFirst(),
                Optional::isPresent).orElseThrow();

        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.retryAfter()).isNotBlank();
        sessions.forEach(id -> {
            if (java.nio.file.Files.isDirectory(configDir(id))) {
                release(id);
            }
        });
        assertThat(queries.stream().map(CompletableFuture::join).map(Api.Response::status).toList())
                .containsExactlyInAnyOrder(200, 429);
    }
}
