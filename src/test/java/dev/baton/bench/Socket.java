package dev.baton.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;

/**
 * A WebSocket client that hands each text frame to a callback together with the moment (epoch µs) its last part
 * arrived, taken before anything parses it. Many share one {@link HttpClient}, so 1,000 of them need no more threads.
 */
final class Socket implements WebSocket.Listener, AutoCloseable {

    private final StringBuilder partial = new StringBuilder();
    private final BiConsumer<String, Long> onFrame;
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket socket;

    private Socket(BiConsumer<String, Long> onFrame) {
        this.onFrame = onFrame;
    }

    static CompletableFuture<Socket> open(HttpClient client, String url, BiConsumer<String, Long> onFrame) {
        Socket listener = new Socket(onFrame);
        return client.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30)).buildAsync(URI.create(url), listener)
                .thenApply(ws -> {
                    listener.socket = ws;
                    return listener;
                });
    }

    static long nowMicros() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000L + now.getNano() / 1000;
    }

    void send(String text) {
        socket.sendText(text, true).join();
    }

    boolean isOpen() {
        return !closed.isDone() && !socket.isInputClosed();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        long received = nowMicros();
        partial.append(data);
        if (last) {
            String frame = partial.toString();
            partial.setLength(0);
            onFrame.accept(frame, received);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(-1);
    }

    @Override
    public void close() {
        if (socket != null) {
            socket.abort();
        }
    }
}
