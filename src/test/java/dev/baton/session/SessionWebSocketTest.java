package dev.baton.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import dev.baton.support.WsClient;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

class SessionWebSocketTest extends IntegrationTest {

    private Api user;
    private String sessionId;

    @BeforeEach
    void session() {
        user = newUser();
        sessionId = user.post("/api/v1/sessions", Map.of()).json().path("id").asString();
    }

    @Test
    void queryStreamsEachMessageThenTheResult() {
        try (var ws = WsClient.connect(user, "/ws/sessions/" + sessionId)) {
            ws.send("{\"type\":\"query\",\"message\":\"[[scenario:tool]] list\"}");

            List<JsonNode> frames = ws.untilTurnEnds();

            JsonNode last = frames.getLast();
            assertThat(last.path("type").asString()).isEqualTo("result");
            assertThat(last.path("response").asString()).isEqualTo("The command printed: hi");
            List<JsonNode> messages = frames.subList(0, frames.size() - 1);
            assertThat(messages).allMatch(f -> f.path("type").asString().equals("message"));
            assertThat(messages).extracting(f -> f.path("sequence").asLong()).isSorted().doesNotHaveDuplicates();
            assertThat(messages).anyMatch(f -> f.path("message").path("type").asString().equals("user"));
            assertThat(messages).anyMatch(f -> f.path("message").path("message").path("content").path(0)
                    .path("name").asString().equals("Bash"));
            assertThat(messages.size()).isEqualTo(last.path("messageCount").asInt());
        }
    }

    @Test
    void subscribersSeeTurnsStartedThroughRest() {
        try (var ws = WsClient.connect(user, "/ws/sessions/" + sessionId)) {
            var rest = CompletableFuture.supplyAsync(() ->
                    user.post("/api/v1/sessions/" + sessionId + "/query", Map.of("message", "from rest")));

            List<JsonNode> frames = ws.untilTurnEnds();

            assertThat(frames.getLast().path("response").asString()).isEqualTo("Echo: from rest");
            assertThat(frames.getFirst().path("message").path("text").asString()).isEqualTo("from rest");
            assertThat(rest.join().status()).isEqualTo(200);
        }
    }

    @Test
    void replayAfterASequenceThenGoesLiveWithoutGapOrDuplicate() {
        user.post("/api/v1/sessions/" + sessionId + "/query", Map.of("message", "first"));

        try (var ws = WsClient.connect(user, "/ws/sessions/" + sessionId + "?after=2")) {
            JsonNode replayed = ws.next();
            assertThat(replayed.path("sequence").asLong()).isEqualTo(3);
            assertThat(ws.next().path("sequence").asLong()).isEqualTo(4);

            ws.send("{\"type\":\"query\",\"message\":\"second\"}");
            List<JsonNode> live = ws.untilTurnEnds();

            assertThat(live.subList(0, live.size() - 1)).extracting(f -> f.path("sequence").asLong())
                    .containsExactly(5L, 6L, 7L, 8L);
        }
    }

    @Test
    void badFramesGetErrorFramesAndTheSocketStaysUsable() {
        try (var ws = WsClient.connect(user, "/ws/sessions/" + sessionId)) {
            ws.send("not json");
            assertThat(ws.next().path("error").path("message").asString()).contains("frame");
            ws.send("{\"type\":\"dance\"}");
            assertThat(ws.next().path("error").path("message").asString()).contains("type");
            ws.send("{\"type\":\"query\",\"message\":7}");
            assertThat(ws.next().path("error").path("message").asString()).contains("message");
            ws.send("{\"type\":\"query\",\"message\":\"\"}");
            assertThat(ws.next().path("error").path("type").asString()).isEqualTo("bad_request");

            ws.send("{\"type\":\"query\",\"message\":\"still here\"}");
            assertThat(ws.untilTurnEnds().getLast().path("response").asString()).isEqualTo("Echo: still here");
        }
    }

    @Test
    void handshakeIsRefusedForUnknownForeignOrUnauthenticatedSessions() {
        Api other = newUser();
        assertThatThrownBy(() -> WsClient.connect(other, "/ws/sessions/" + sessionId)).hasStackTraceContaining("404");
        assertThatThrownBy(() -> WsClient.connect(user, "/ws/sessions/" + UUID.randomUUID()))
                .hasStackTraceContaining("404");
        assertThatThrownBy(() -> WsClient.connect(user, "/ws/sessions/nope")).hasStackTraceContaining("400");
        assertThatThrownBy(() -> WsClient.connect(user.as("bat_wrong"), "/ws/sessions/" + sessionId))
                .hasStackTraceContaining("401");
    }
}
