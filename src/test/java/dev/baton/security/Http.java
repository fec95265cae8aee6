package dev.baton.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Raw HTTP against Baton for the security suites: any method, header and body, and every answer kept (status,
 * all headers, body) so a suite can scan all it received.
 */
final class Http {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;
    private final List<Reply> received = Collections.synchronizedList(new ArrayList<>());

    Http(int port) {
        this.port = port;
    }

    /** {@code key} null sends no Authorization header; {@code body} null sends none (and no Content-Type). */
    Reply send(String key, String method, String path, String body, String contentType, Map<String, String> headers) {
        var builder = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(120))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && contentType != null) {
            builder.header("Content-Type", contentType);
        }
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        headers.forEach(builder::header);
        try {
            HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            Reply reply = new Reply(method + " " + path, response.statusCode(), response.headers().map(),
                    response.body());
            received.add(reply);
            return reply;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    Reply send(String key, String method, String path, Object json) {
        return send(key, method, path, json == null ? null : JSON.writeValueAsString(json), "application/json", Map.of());
    }

    /** Every answer this client received so far. */
    List<Reply> received() {
        synchronized (received) {
            return List.copyOf(received);
        }
    }

    record Reply(String request, int status, Map<String, List<String>> headers, String body) {

        String contentType() {
            return headers.getOrDefault("content-type", List.of("")).getFirst();
        }

        boolean isProblem() {
            return contentType().startsWith("application/problem+json");
        }

        JsonNode json() {
            return body == null || body.isEmpty() ? JSON.missingNode() : JSON.readTree(body);
        }

        /** Headers and body as one text, for leak scans. */
        String text() {
            return headers + "\n" + body;
        }

        @Override
        public String toString() {
            return request + " -> " + status + " " + contentType() + " "
                    + (body.length() > 500 ? body.substring(0, 500) + "…" : body);
        }
    }
}
