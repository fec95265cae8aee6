package dev.baton.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * Checks the stub's wire format with plain HTTP, for the paths the CLI cases do not reach cheaply:
 * plain JSON answers, side requests, hangs and stray endpoints.
 */
class StubAnthropicApiProtocolTest {

    private static final String CONVERSATION = """
            {"model":"claude-test","stream":%s,"tools":[],"messages":[
              {"role":"user","content":[{"type":"text","text":"<system-reminder>noise</system-reminder>"},{"type":"text","text":"hi"}]},
              {"role":"system","content":"# Environment"}]}""";

    private final StubAnthropicApi api = StubAnthropicApi.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void stop() {
        api.close();
        http.close();
    }

    @Test
    void answersNonStreamingRequestWithCompleteMessage() throws Exception {
        api.replyToolUse("Bash", "{\"command\":\"ls\"}");

        HttpResponse<String> response = post("/v1/messages?beta=true", CONVERSATION.formatted(false));

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode message = StubMessages.JSON.readTree(response.body());
        assertThat(message.path("id").asString()).startsWith("msg_stub_");
        assertThat(message.path("model").asString()).isEqualTo("claude-test");
        assertThat(message.path("stop_reason").asString()).isEqualTo("tool_use");
        assertThat(message.path("content").get(0).path("input").path("command").asString()).isEqualTo("ls");
    }

    @Test
    void streamsEventsInMessagesApiOrder() throws Exception {
        HttpResponse<String> response = post("/v1/messages?beta=true", CONVERSATION.formatted(true));

        assertThat(response.headers().firstValue("content-type")).hasValue("text/event-stream");
        List<String> events = response.body().lines().filter(line -> line.startsWith("event: ")).toList();
        assertThat(events).containsExactly("event: message_start", "event: content_block_start",
                "event: content_block_delta", "event: content_block_stop", "event: message_delta", "event: message_stop");
        // The default reply echoes the prompt, without the CLI's reminder blocks or the system message.
        assertThat(response.body()).contains("\"text\":\"Echo: hi\"", "\"stop_reason\":\"end_turn\"");
    }

    @Test
    void answersSideRequestWithoutConsumingTheQueue() throws Exception {
        api.replyText("for the conversation");

        HttpResponse<String> side = post("/v1/messages", """
                {"model":"claude-haiku","messages":[{"role":"user","content":"name this session"}]}""");
        HttpResponse<String> main = post("/v1/messages", CONVERSATION.formatted(false));

        assertThat(side.body()).contains("Echo: name this session");
        assertThat(main.body()).contains("for the conversation");
        assertThat(api.requests()).hasSize(2);
        assertThat(api.conversationRequests()).singleElement()
                .satisfies(request -> assertThat(request.lastUserText()).isEqualTo("hi"));
    }

    @Test
    void sendsQueuedErrorInApiErrorShape() throws Exception {
        api.replyError(529, "overloaded_error", "Overloaded");

        HttpResponse<String> response = post("/v1/messages", CONVERSATION.formatted(true));

        assertThat(response.statusCode()).isEqualTo(529);
        JsonNode body = StubMessages.JSON.readTree(response.body());
        assertThat(body.path("type").asString()).isEqualTo("error");
        assertThat(body.path("error").path("type").asString()).isEqualTo("overloaded_error");
        assertThat(body.path("error").path("message").asString()).isEqualTo("Overloaded");
    }

    @Test
    void breaksStreamThenServesTheNextReplyToTheNonStreamingRetry() throws Exception {
        api.replyStreamError("overloaded_error", "Overloaded").replyText("recovered");

        HttpResponse<String> broken = post("/v1/messages", CONVERSATION.formatted(true));
        HttpResponse<String> retry = post("/v1/messages", CONVERSATION.formatted(false));

        assertThat(broken.statusCode()).isEqualTo(200);
        assertThat(broken.body().lines().filter(line -> line.startsWith("event: ")).toList())
                .containsExactly("event: message_start", "event: error");
        assertThat(broken.body()).contains("\"type\":\"overloaded_error\"");
        assertThat(StubMessages.JSON.readTree(retry.body()).path("content").get(0).path("text").asString())
                .isEqualTo("recovered");
    }

    @Test
    void holdsHungRequestUntilClose() throws Exception {
        api.replyHang();
        CompletableFuture<HttpResponse<String>> hung = http.sendAsync(
                request("/v1/messages", CONVERSATION.formatted(true)), HttpResponse.BodyHandlers.ofString());
        await().atMost(Duration.ofSeconds(10)).until(() -> api.requestCount() == 1);
        assertThat(hung).isNotDone();

        api.close();

        // Released without an answer: the client sees the connection end, not a response.
        assertThat(hung).failsWithin(10, TimeUnit.SECONDS);
    }

    @Test
    void answersOtherEndpointsHarmlesslyWithoutRecordingThem() throws Exception {
        HttpResponse<String> countTokens = post("/v1/messages/count_tokens", CONVERSATION.formatted(false));
        HttpResponse<Void> probe = http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/api/hello"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
        HttpResponse<String> unknown = http.send(HttpRequest.newBuilder(URI.create(api.baseUrl() + "/v1/models")).GET().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(countTokens.statusCode()).isEqualTo(200);
        assertThat(probe.statusCode()).isEqualTo(200);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(api.requestCount()).isZero();
    }

    @Test
    void recordsHeadersWithoutTheKey() throws Exception {
        post("/v1/messages", CONVERSATION.formatted(false));

        RecordedRequest recorded = api.requests().getFirst();
        assertThat(recorded.headers()).containsEntry("anthropic-version", "2023-06-01")
                .containsEntry("x-api-key", "<redacted>");
        assertThat(recorded.toString()).doesNotContain("sk-ant-secret");
    }

    @Test
    void resetForgetsQueueAndRequests() throws Exception {
        api.replyText("stale");
        post("/v1/messages", CONVERSATION.formatted(false));
        api.replyText("also stale");

        api.reset();

        assertThat(api.requestCount()).isZero();
        assertThat(api.pendingReplies()).isZero();
        assertThat(post("/v1/messages", CONVERSATION.formatted(false)).body()).contains("Echo: hi");
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(request(path, body), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path, String body) {
        return HttpRequest.newBuilder(URI.create(api.baseUrl() + path))
                .header("content-type", "application/json")
                .header("anthropic-version", "2023-06-01")
                .header("x-api-key", "sk-ant-secret")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }
}
