package dev.baton.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A WebSocket client for the bad-frame suite: sends text or binary frames, keeps every text frame it receives
 * (raw, for leak scans, and parsed) and the server's close code.
 */
final class Socket implements WebSocket.Listener, AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BlockingQueue<String> frames = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final WebSocket socket;

    Socket(int port, String path, String key) {
        String uri = "ws://127.0.0.1:" + port + path + (path.contains("?") ? "&" : "?") + "access_token=" + key;
        socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(uri), this).join();
    }

    void sendText(String frame) {
        socket.sendText(frame, true).join();
    }

    void sendBinary(byte[] frame) {
        socket.sendBinary(ByteBuffer.wrap(frame), true).join();
    }

    /** The next text frame, parsed; fails if none arrives in time or the server closed the socket. */
    JsonNode next() {
        try {
            String frame = frames.poll(30, TimeUnit.SECONDS);
            if (frame == null) {
                throw new AssertionError("No WebSocket frame within 30 s; close code " + closeCode.getNow(null));
            }
            return JSON.readTree(frame);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    boolean closedByServer() {
        return closeCode.isDone();
    }

    Integer closeCode() {
        return closeCode.getNow(null);
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            frames.add(partial.toString());
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        frames.add("{\"type\":\"closed\",\"code\":" + statusCode + "}");
        return null;
    }

    @Override
    public void close() {
        socket.abort();
    }
}
