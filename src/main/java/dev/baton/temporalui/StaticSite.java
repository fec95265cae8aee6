package dev.baton.temporalui;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The UI's built files, from the classpath folder {@code temporal-ui/} (the Maven build puts them there). A single
 * page app: any page path gets {@code index.html} and the UI's router takes it from there.
 */
final class StaticSite {

    static final String ROOT = "temporal-ui";
    private static final Map<String, String> TYPES = Map.of("js", "text/javascript", "css", "text/css",
            "html", "text/html; charset=utf-8", "json", "application/json", "svg", "image/svg+xml", "png", "image/png",
            "woff2", "font/woff2", "woff", "font/woff", "ttf", "font/ttf", "ico", "image/x-icon");

    private final ClassLoader loader;
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    StaticSite(ClassLoader loader) {
        this.loader = loader;
    }

    boolean built() {
        return read("index.html").isPresent();
    }

    void serve(UiExchange exchange) throws IOException {
        String path = exchange.rawPath();
        String last = path.substring(path.lastIndexOf('/') + 1);
        if (path.contains("..") || path.contains("\\")) {
            throw UiFailure.notFound("No such file: " + path);
        }
        if (last.contains(".")) {
            Optional<byte[]> file = read(path.substring(1));
            if (file.isEmpty()) {
                throw UiFailure.notFound("No such file: " + path);
            }
            String extension = last.substring(last.lastIndexOf('.') + 1);
            exchange.setHeader("Cache-Control", path.startsWith("/_app/immutable/")
                    ? "private, max-age=31536000, immutable" : "no-cache");
            exchange.send(200, TYPES.getOrDefault(extension, "application/octet-stream"), file.get());
            return;
        }
        byte[] index = read("index.html").orElseThrow(() -> new UiFailure(503, io.grpc.Status.Code.UNAVAILABLE,
                "The Temporal Web UI was not built: build Baton with ./mvnw (without -Dtemporal.ui.skipBuild=true)"));
        exchange.setHeader("Cache-Control", "no-store");
        exchange.send(200, TYPES.get("html"), index);
    }

    private Optional<byte[]> read(String name) {
        byte[] cached = files.get(name);
        if (cached != null) {
            return Optional.of(cached);
        }
        try (InputStream in = loader.getResourceAsStream(ROOT + "/" + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] bytes = in.readAllBytes();
            files.put(name, bytes);
            return Optional.of(bytes);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
