package dev.baton.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A WebSocket client that queues every frame it receives, for tests to take in order. */
public final class WsClient implements WebSocket.Listener, AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;

    private WsClient(URI uri) {
        this.socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(uri, this).join();
    }

    /** Connects with the key as the {@code access_token} parameter, as a browser would. */
    public static WsClient connect(Api api, String path) {
        String separator = path.contains("?") ? "&" : "?";
        return new WsClient(URI.create(api.wsUrl(path) + separator + "access_token=" + api.key()));
    }

    public void send(String frame) {
        socket.sendText(frame, true).join();
    }

    /** The next frame, failing the test if none arrives in time. */
    public JsonNode next() {
        try {
            JsonNode frame = frames.poll(60, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("No WebSocket frame within 60 s");
            }
            return frame;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Frames up to and including the first whose type is {@code result} or {@code error}. */
    public List<JsonNode> untilTurnEnds() {
        List<JsonNode> received = new ArrayList<>();
        JsonNode frame;
        do {
            frame = next();
            received.add(frame);
        } while (!frame.path("type").asString().equals("result") && !frame.path("type").asString().equals("error"));
        return received;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(JSON.readTree(partial.toString()));
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    /** The status code of the server's close frame, once one has arrived. */
    public CompletableFuture<Integer> closeCode() {
        return closeCode;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void close() {
        socket.abort();
    }
}
