package dev.baton.temporalui;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.baton.user.CurrentUser;
import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Temporal Web UI of the zero set-up run, on a port of its own ({@code BATON_TEMPORAL_UI_PORT}, 8233 like the
 * Temporal dev server, so the {@code temporalUi} links of executions open it): the UI's static files, its login, and
 * the {@code /api/v1} bridge to the embedded Temporal server. It is a small server apart from Baton's API, so none of
 * Baton's own endpoints answer on this port and none of these on Baton's.
 */
public class TemporalUiServer implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(TemporalUiServer.class);

    private final int port;
    private final InetAddress bindAddress;
    private final String offReason;
    private final UiLogin login;
    private final UiApi api;
    private final StaticSite site;
    private HttpServer server;
    private ExecutorService executor;
    private String failure;

    TemporalUiServer(int port, InetAddress bindAddress, String offReason, UiLogin login, UiApi api, StaticSite site) {
        this.port = port;
        this.bindAddress = bindAddress;
        this.offReason = offReason;
        this.login = login;
        this.api = api;
        this.site = site;
    }

    /** Where the UI answers, once started. */
    public Optional<URI> url() {
        return server == null ? Optional.empty()
                : Optional.of(URI.create("http://localhost:" + server.getAddress().getPort()));
    }

    /** Why there is no UI ({@link #url()} is empty), for the startup report. */
    public String whyNotServed() {
        return offReason != null ? offReason : failure != null ? failure : "not started";
    }

    /** Whether the UI's files were built; without them the port still answers, with a page saying so. */
    public boolean built() {
        return site.built();
    }

    @Override
    public void start() {
        if (offReason != null) {
            return;
        }
        try {
            HttpServer created = HttpServer.create(new InetSocketAddress(bindAddress, port), 0);
            executor = Executors.newVirtualThreadPerTaskExecutor();
            created.setExecutor(executor);
            created.createContext("/", this::handle);
            created.start();
            server = created;
        } catch (BindException e) {
            failure = "port " + port + " is in use; set BATON_TEMPORAL_UI_PORT to another port, or 0 for no UI";
            log.warn("Temporal Web UI not served: {}", failure);
        } catch (IOException e) {
            failure = "could not listen on port " + port + ": " + e.getMessage();
            log.warn("Temporal Web UI not served: {}", failure);
        }
    }

    @Override
    public void stop() {
        if (server != null) {
            // Long-polling history requests would hold a graceful stop for their whole poll; they are reads.
            server.stop(0);
            executor.shutdownNow();
            server = null;
        }
    }

    @Override
    public boolean isRunning() {
        return server != null;
    }

    private void handle(HttpExchange http) {
        try (http) {
            UiExchange exchange = new UiExchange(http);
            try {
                route(exchange);
            } catch (UiFailure e) {
                problem(exchange, e);
            } catch (RuntimeException e) {
                log.warn("Temporal Web UI request {} {} failed", http.getRequestMethod(), exchange.rawPath(), e);
                problem(exchange, new UiFailure(500, io.grpc.Status.Code.INTERNAL, "Internal error; see Baton's log"));
            }
        } catch (IOException e) {
            log.debug("Temporal Web UI client went away: {}", e.toString());
        }
    }

    private void route(UiExchange exchange) throws IOException {
        List<String> path = exchange.segments();
        String method = exchange.method();
        if (path.equals(List.of("login"))) {
            if (method.equals("POST")) {
                requireSameOrigin(exchange);
                login.login(exchange);
            } else {
                login.showForm(exchange);
            }
            return;
        }
        if (path.equals(List.of("logout")) && method.equals("POST")) {
            requireSameOrigin(exchange);
            login.logout(exchange);
            return;
        }
        boolean isApi = path.size() >= 2 && path.get(0).equals("api") && path.get(1).equals("v1");
        Optional<CurrentUser> user = login.authenticate(exchange);
        if (user.isEmpty()) {
            login.challenge(exchange, isApi || !List.of("GET", "HEAD").contains(method));
            return;
        }
        if (isApi) {
            if (!List.of("GET", "HEAD").contains(method)) {
                requireSameOrigin(exchange);
            }
            exchange.json(200, api.handle(user.get(), exchange, path.subList(2, path.size())));
            return;
        }
        if (!List.of("GET", "HEAD").contains(method)) {
            throw new UiFailure(405, io.grpc.Status.Code.UNIMPLEMENTED, method + " is not allowed on UI pages");
        }
        site.serve(exchange);
    }

    /**
     * A browser sends stored Basic credentials and cookies with cross-site requests too; a write must come from a
     * page of this server (or from a client that sends no Origin, such as curl), or it is refused.
     */
    private static void requireSameOrigin(UiExchange exchange) {
        Optional<String> fetchSite = exchange.header("Sec-Fetch-Site");
        if (fetchSite.isPresent() && !List.of("same-origin", "none").contains(fetchSite.get())) {
            throw new UiFailure(403, io.grpc.Status.Code.PERMISSION_DENIED, "Cross-site requests may not change anything");
        }
        Optional<String> origin = exchange.header("Origin");
        Optional<String> host = exchange.header("Host");
        if (origin.isPresent() && (host.isEmpty() || !origin.get().equals("http://" + host.get()))) {
            throw new UiFailure(403, io.grpc.Status.Code.PERMISSION_DENIED, "Cross-site requests may not change anything");
        }
    }

    static void problem(UiExchange exchange, UiFailure failure) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "about:blank");
        body.put("title", failure.code().name());
        body.put("status", failure.status());
        body.put("detail", failure.getMessage());
        // What the Temporal UI reads from an error: the gRPC status code and message.
        body.put("code", failure.code().value());
        body.put("message", failure.getMessage());
        exchange.setHeader("Cache-Control", "no-store");
        exchange.send(failure.status(), "application/problem+json",
                JsonMapper.shared().writeValueAsString(body).getBytes(StandardCharsets.UTF_8));
    }
}
