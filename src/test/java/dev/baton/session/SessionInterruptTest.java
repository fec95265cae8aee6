package dev.baton.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import dev.baton.support.WsClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A running turn shows in its session and can be stopped: over REST, over the WebSocket, and (for a task's turn)
 * only through the execution's cancel. The fake CLI's {@code hang} scenario stands for a turn against a hung API.
 */
class SessionInterruptTest extends IntegrationTest {

    private Api alice;
    private String sessionId;

    @BeforeEach
    void session() {
        alice = newUser();
        sessionId = alice.post("/api/v1/sessions", Map.of()).json().path("id").asString();
    }

    private JsonNode awaitRunningTurn(Api api, String session) {
        return await().atMost(Duration.ofSeconds(30)).until(
                () -> api.get("/api/v1/sessions/" + session).json().path("runningTurn"),
                turn -> turn.isObject() && configDir(session).resolve("fake-claude-stdin.txt").toFile().exists());
    }

    @Test
    void aRunningTurnShowsInItsSessionAndAnInterruptEndsItCancelledKeepingItsMessages() {
        var query = CompletableFuture.supplyAsync(() ->
                alice.post("/api/v1/sessions/" + sessionId + "/query", Map.of("message", "[[scenario:hang]] wait")));
        JsonNode running = awaitRunningTurn(alice, sessionId);
        assertThat(running.path("startedBy").asString()).isEqualTo("rest");
        assertThat(running.path("id").asString()).isNotBlank();
        assertThat(Instant.parse(running.path("startedAt").asString())).isBefore(Instant.now());
        assertThat(running.has("executionId")).isFalse();

        var interrupt = alice.post("/api/v1/sessions/" + sessionId + "/interrupt", Map.of());

        assertThat(interrupt.status()).as(interrupt.toString()).isEqualTo(200);
        JsonNode ended = interrupt.json();
        assertThat(ended.path("turnId").asString()).isEqualTo(running.path("id").asString());
        assertThat(ended.path("isError").asBoolean()).isTrue();
        assertThat(ended.path("error").path("type").asString()).isEqualTo("cancelled");
        assertThat(ended.path("error").path("message").asString()).contains("interrupted by request");
        JsonNode answer = query.join().json();
        assertThat(answer.path("turnId").asString()).isEqualTo(running.path("id").asString());
        assertThat(answer.path("error").path("type").asString()).isEqualTo("cancelled");
        // The prompt and the CLI's init line were stored before the interrupt, and stay.
        List<String> types = alice.get("/api/v1/sessions/" + sessionId + "/messages").json().valueStream()
                .map(m -> m.path("type").asString()).toList();
        assertThat(types).containsExactly("prompt", "system").hasSize(ended.path("messageCount").asInt());
        assertThat(alice.get("/api/v1/sessions/" + sessionId).json().has("runningTurn")).isFalse();
        // Taken at once: no 409, no lease left to run out.
        var next = alice.post("/api/v1/sessions/" + sessionId + "/query", Map.of("message", "next"));
        assertThat(next.status()).as(next.toString()).isEqualTo(200);
        assertThat(next.json().path("response").asString()).isEqualTo("Echo: next");
    }

    @Test
    void aSecondQueryWhileATurnRunsIsToldItCanInterrupt() {
        var query = CompletableFuture.supplyAsync(() ->
                alice.post("/api/v1/sessions/" + sessionId + "/query", Map.of("message", "[[scenario:hang]] wait")));
        awaitRunningTurn(alice, sessionId);

        var second = alice.post("/api/v1/sessions/" + sessionId + "/query", Map.of("message", "too soon"));

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().path("detail").asString()).contains("/api/v1/sessions/" + sessionId + "/interrupt");
        assertThat(alice.post("/api/v1/sessions/" + sessionId + "/interrupt", Map.of()).status()).isEqualTo(200);
        assertThat(query.join().json().path("error").path("type").asString()).isEqualTo("cancelled");
    }

    @Test
    void anInterruptWithoutARunningTurnIsAConflictAndAnotherUsersSessionIsNotFound() {
        var idle = alice.post("/api/v1/sessions/" + sessionId + "/interrupt", Map.of());

        assertThat(idle.status()).isEqualTo(409);
        assertThat(idle.isProblem()).isTrue();
        assertThat(idle.json().path("detail").asString()).contains("no turn running");
        assertThat(newUser().post("/api/v1/sessions/" + sessionId + "/interrupt", Map.of()).status()).isEqualTo(404);
    }

    @Test
    void aWebSocketInterruptFrameStopsTheTurnItStarted() {
        try (var ws = WsClient.connect(alice, "/ws/sessions/" + sessionId)) {
            ws.send("{\"type\":\"query\",\"message\":\"[[scenario:hang]] over the socket\"}");
            JsonNode running = awaitRunningTurn(alice, sessionId);
            assertThat(running.path("startedBy").asString()).isEqualTo("websocket");

            ws.send("{\"type\":\"interrupt\"}");

            JsonNode end = ws.untilTurnEnds().getLast();
            assertThat(end.path("type").asString()).isEqualTo("error");
            assertThat(end.path("turnId").asString()).isEqualTo(running.path("id").asString());
            assertThat(end.path("error").path("type").asString()).isEqualTo("cancelled");

            ws.send("{\"type\":\"interrupt\"}");
            assertThat(ws.next().path("error").path("type").asString()).isEqualTo("conflict");
            ws.send("{\"type\":\"query\",\"message\":\"again\"}");
            assertThat(ws.untilTurnEnds().getLast().path("response").asString()).isEqualTo("Echo: again");
        }
    }

    @Test
    void aTaskExecutionsTurnIsStoppedThroughTheExecutionsCancelInstead() {
        String taskId = alice.post("/api/v1/tasks", Map.of("name", "held", "promptTemplate", "[[scenario:gate]] hold"))
                .json().path("id").asString();
        String executionId = alice.post("/api/v1/tasks/" + taskId + "/execute", Map.of()).json().path("executionId")
                .asString();
        String taskSession = await().atMost(Duration.ofSeconds(60)).until(() -> alice.get("/api/v1/executions/"
                + executionId).json().path("sessionId").asString(""), id -> !id.isEmpty());
        JsonNode running = awaitRunningTurn(alice, taskSession);
        assertThat(running.path("startedBy").asString()).isEqualTo("execution");
        assertThat(running.path("executionId").asString()).isEqualTo(executionId);

        var refused = alice.post("/api/v1/sessions/" + taskSession + "/interrupt", Map.of());

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("executionId").asString()).isEqualTo(executionId);
        assertThat(refused.json().path("detail").asString())
                .contains("/api/v1/executions/" + executionId + "/cancel");
        assertThat(alice.post("/api/v1/executions/" + executionId + "/cancel", Map.of()).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(60)).until(() -> alice.get("/api/v1/executions/" + executionId).json()
                .path("status").asString().equals("cancelled"));
    }
}
