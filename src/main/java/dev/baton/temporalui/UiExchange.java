package dev.baton.temporalui;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** One request to the UI port and its answer: the parsed path and query, the body, and the ways to reply. */
final class UiExchange {

    static final int MAX_BODY_BYTES = 64 * 1024;

    private final HttpExchange http;
    private final List<String> segments;
    private final Map<String, String> query;

    UiExchange(HttpExchange http) {
        this.http = http;
        this.segments = segments(http.getRequestURI().getRawPath());
        this.query = query(http.getRequestURI().getRawQuery());
    }

    String method() {
        return http.getRequestMethod();
    }

    /** The path, each segment decoded on its own, so a workflow id may hold an encoded slash. */
    List<String> segments() {
        return segments;
    }

    String rawPath() {
        return http.getRequestURI().getRawPath();
    }

    Optional<String> param(String name) {
        return Optional.ofNullable(query.get(name)).filter(value -> !value.isEmpty());
    }

    Optional<String> header(String name) {
        return Optional.ofNullable(http.getRequestHeaders().getFirst(name));
    }

    Optional<String> cookie(String name) {
        for (String header : http.getRequestHeaders().getOrDefault("Cookie", List.of())) {
            for (String pair : header.split(";")) {
                int eq = pair.indexOf('=');
                if (eq > 0 && pair.substring(0, eq).strip().equals(name)) {
                    return Optional.of(pair.substring(eq + 1).strip());
                }
            }
        }
        return Optional.empty();
    }

    /** @throws UiFailure 413 when the body is larger than {@link #MAX_BODY_BYTES} */
    String body() throws IOException {
        try (InputStream in = http.getRequestBody()) {
            byte[] bytes = in.readNBytes(MAX_BODY_BYTES + 1);
            if (bytes.length > MAX_BODY_BYTES) {
                throw new UiFailure(413, io.grpc.Status.Code.INVALID_ARGUMENT,
                        "The request body is larger than " + MAX_BODY_BYTES + " bytes");
            }
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The fields of an {@code application/x-www-form-urlencoded} body. */
    Map<String, String> form() throws IOException {
        return query(body());
    }

    void setHeader(String name, String value) {
        http.getResponseHeaders().set(name, value);
    }

    void addHeader(String name, String value) {
        http.getResponseHeaders().add(name, value);
    }

    void send(int status, String contentType, byte[] body) throws IOException {
        http.getResponseHeaders().set("Content-Type", contentType);
        http.getResponseHeaders().set("X-Content-Type-Options", "nosniff");
        http.getResponseHeaders().set("X-Frame-Options", "DENY");
        // Not no-referrer: with it a browser sends "Origin: null" on form posts, which the same-origin check refuses.
        http.getResponseHeaders().set("Referrer-Policy", "same-origin");
        boolean head = method().equals("HEAD");
        http.sendResponseHeaders(status, head || body.length == 0 ? -1 : body.length);
        if (!head && body.length > 0) {
            try (OutputStream out = http.getResponseBody()) {
                out.write(body);
            }
        }
    }

    void json(int status, String json) throws IOException {
        setHeader("Cache-Control", "no-store");
        send(status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    void html(int status, String html) throws IOException {
        setHeader("Cache-Control", "no-store");
        send(status, "text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
    }

    void redirect(String location) throws IOException {
        setHeader("Location", location);
        send(303, "text/plain", new byte[0]);
    }

    private static List<String> segments(String rawPath) {
        List<String> parts = new ArrayList<>();
        for (String part : (rawPath == null ? "" : rawPath).split("/")) {
            if (!part.isEmpty()) {
                parts.add(decode(part.replace("+", "%2B")));
            }
        }
        return List.copyOf(parts);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> values = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return values;
        }
        Arrays.stream(raw.split("&")).forEach(pair -> {
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            values.putIfAbsent(name, value);
        });
        return values;
    }

    private static String decode(String part) {
        try {
            return URLDecoder.decode(part, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw UiFailure.badRequest("Malformed percent-encoding in '" + part + "'");
        }
    }
}
