package dev.baton.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Queue;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.NullNode;

/**
 * A scripted stand-in for the Anthropic Messages API, so that tests can run the real Claude Code CLI
 * offline. Point the CLI at {@link #baseUrl()} (see {@link #cliEnvironment(Path)}), queue one reply per
 * expected model call, and assert on {@link #requests()}.
 *
 * <p>What the pinned CLI (2.1.330) sent here, with {@code CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1}:
 * <ul>
 *   <li>Exactly one {@code POST /v1/messages?beta=true} per model call: one for a text turn, two for a
 *       tool round trip, one for a resumed turn (whose body repeats the earlier turns). No title,
 *       summary or other small-model side requests, no {@code count_tokens}, no probes.</li>
 *   <li>Without that variable it also sends {@code HEAD /api/hello} before the first call.</li>
 *   <li>Headers: {@code x-api-key}, {@code anthropic-version: 2023-06-01}, a long {@code anthropic-beta}
 *       list, {@code x-claude-code-session-id} (the session id, kept across {@code --resume}),
 *       {@code x-app: cli}, {@code user-agent: claude-cli/2.1.330 (external, sdk-cli)} and the
 *       {@code x-stainless-*} set of the JS SDK, including {@code x-stainless-retry-count}.</li>
 *   <li>The body always has a {@code tools} array, even an empty one under {@code --tools ""}; it has a
 *       {@code role:"system"} message inside {@code messages}, and the user's prompt comes after
 *       {@code <system-reminder>} text blocks in the first user message.</li>
 * </ul>
 *
 * <p>Also observed: after {@link #replyStreamError} the CLI retried once with {@code stream:false} (and
 * {@code max_tokens} 64000 instead of 128000), accepted the plain JSON message and finished the turn;
 * after {@link #replyHang} with {@code API_TIMEOUT_MS=3000} and no retries it gave up after one request
 * and about 3 s with an {@code api_error} result.
 *
 * <p>Because no side requests were seen, the default rule that recognises one is only a guard for other
 * CLI versions: a Messages call without a {@code tools} key gets the default echo reply and leaves the
 * queue alone. Change the rule with {@link #treatAsSideRequest(Predicate)}. A non-streaming retry after
 * a broken stream is a conversation request and takes the next queued reply.
 */
public final class StubAnthropicApi implements AutoCloseable {

    private static final String MESSAGES_PATH = "/v1/messages";
    private static final String COUNT_TOKENS_PATH = "/v1/messages/count_tokens";
    private static final String FALLBACK_MODEL = "claude-stub";
    private static final String REDACTED = "<redacted>";

    private final HttpServer server;
    private final ExecutorService executor;
    private final Queue<StubReply> replies = new ConcurrentLinkedQueue<>();
    private final List<RecordedRequest> recorded = new CopyOnWriteArrayList<>();
    private final AtomicInteger messageCounter = new AtomicInteger();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile Predicate<RecordedRequest> sideRequest = request -> !request.body().has("tools");
    private volatile Duration hold = Duration.ZERO;
    private volatile CountDownLatch gate = new CountDownLatch(0);

    private StubAnthropicApi(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    public static StubAnthropicApi start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
            StubAnthropicApi stub = new StubAnthropicApi(server, executor);
            server.createContext("/", stub::handle);
            server.setExecutor(executor);
            server.start();
            return stub;
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the stub Anthropic API", e);
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /**
     * The environment that makes the CLI talk only to this stub and keep its state in {@code home}:
     * a fake key, no non-essential traffic, and no retries so that error cases finish at once.
     */
    public Map<String, String> cliEnvironment(Path home) {
        return Map.of(
                "ANTHROPIC_BASE_URL", baseUrl(),
                "ANTHROPIC_API_KEY", "sk-ant-stub-not-a-real-key",
                "CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC", "1",
                "CLAUDE_CODE_MAX_RETRIES", "0",
                "CLAUDE_CONFIG_DIR", home.toString(),
                "HOME", home.toString());
    }

    public StubAnthropicApi replyText(String text) {
        return enqueue(new StubReply.Text(text));
    }

    /** @param inputJson the tool input as a JSON object, e.g. {@code {"command":"echo hi"}} */
    public StubAnthropicApi replyToolUse(String toolName, String inputJson) {
        JsonNode input;
        try {
            input = StubMessages.JSON.readTree(inputJson);
        } catch (JacksonException e) {
            throw new IllegalArgumentException("tool input for " + toolName + " is not JSON: " + inputJson, e);
        }
        if (!input.isObject()) {
            throw new IllegalArgumentException("tool input for " + toolName + " must be a JSON object: " + inputJson);
        }
        return enqueue(new StubReply.ToolUse(toolName, input));
    }

    public StubAnthropicApi replyError(int status, String errorType, String message) {
        return enqueue(new StubReply.Error(status, errorType, message));
    }

    /**
     * The next conversation request gets a stream that starts and then breaks with an SSE error event.
     * The CLI then retries once without streaming; that retry takes the reply queued after this one.
     * Should the request not stream in the first place, it gets the error with HTTP status 529.
     */
    public StubAnthropicApi replyStreamError(String errorType, String message) {
        return enqueue(new StubReply.StreamError(errorType, message));
    }

    /** The next conversation request gets no answer until {@link #close()}. */
    public StubAnthropicApi replyHang() {
        return enqueue(new StubReply.Hang());
    }

    /**
     * Holds every later conversation request this long before its reply starts, as a model that thinks for a while
     * does; {@link #close()} ends the wait.
     */
    public StubAnthropicApi holdAnswers(Duration duration) {
        this.hold = duration;
        return this;
    }

    /**
     * Holds every later conversation request until {@code release} counts down before its reply starts: a turn that
     * stays running exactly as long as a test needs; {@link #close()} ends the wait.
     */
    public StubAnthropicApi holdAnswersUntil(CountDownLatch release) {
        this.gate = release;
        return this;
    }

    /** Replaces the rule that picks out side requests, which never consume a queued reply. */
    public StubAnthropicApi treatAsSideRequest(Predicate<RecordedRequest> rule) {
        this.sideRequest = rule;
        return this;
    }

    /** Every Messages API call received, side requests included, in arrival order. */
    public List<RecordedRequest> requests() {
        return List.copyOf(recorded);
    }

    /** The Messages API calls that are not side requests, in arrival order. */
    public List<RecordedRequest> conversationRequests() {
        Predicate<RecordedRequest> rule = sideRequest;
        return recorded.stream().filter(rule.negate()).toList();
    }

    public int requestCount() {
        return recorded.size();
    }

    /** Replies still queued; useful to assert that a test used everything it scripted. */
    public int pendingReplies() {
        return replies.size();
    }

    public void reset() {
        gate = new CountDownLatch(0);
        replies.clear();
        recorded.clear();
    }

    /** Releases hung requests and stops the server. Safe to call twice. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            closing.countDown();
            server.stop(0);
            executor.shutdownNow();
        }
    }

    private StubAnthropicApi enqueue(StubReply reply) {
        replies.add(reply);
        return this;
    }

    private void handle(HttpExchange exchange) {
        try (exchange) {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            if ("POST".equals(method) && MESSAGES_PATH.equals(path)) {
                handleMessages(exchange);
            } else if ("POST".equals(method) && COUNT_TOKENS_PATH.equals(path)) {
                sendJson(exchange, 200, StubMessages.JSON.createObjectNode().put("input_tokens", 1));
            } else if ("HEAD".equals(method)) {
                // Connectivity probes such as HEAD /api/hello only need a success.
                exchange.sendResponseHeaders(200, -1);
            } else {
                sendJson(exchange, 404, StubMessages.error("not_found_error", "the stub does not serve " + method + " " + path));
            }
        } catch (IOException e) {
            // The client went away mid-answer (a killed CLI, or one that timed out on a hang): nothing to answer.
        }
    }

    private void handleMessages(HttpExchange exchange) throws IOException {
        JsonNode body = parse(exchange.getRequestBody().readAllBytes());
        RecordedRequest request = new RecordedRequest(requestTarget(exchange), headers(exchange), body);
        recorded.add(request);
        if (!body.isObject()) {
            sendJson(exchange, 400, StubMessages.error("invalid_request_error", "the stub expects a JSON object body"));
            return;
        }
        boolean side = sideRequest.test(request);
        if (!side && (!hold.isZero() && awaitClose(hold) || !awaitGate())) {
            return;
        }
        StubReply reply = side ? echo(request) : nextReply(request);
        switch (reply) {
            case StubReply.Answer answer -> sendAnswer(exchange, request, answer);
            case StubReply.Error error -> sendJson(exchange, error.status(), StubMessages.error(error.errorType(), error.message()));
            case StubReply.StreamError broken -> sendBrokenStream(exchange, request, broken);
            case StubReply.Hang ignored -> awaitClose();
        }
    }

    private StubReply nextReply(RecordedRequest request) {
        StubReply queued = replies.poll();
        return queued != null ? queued : echo(request);
    }

    private static StubReply echo(RecordedRequest request) {
        return new StubReply.Text("Echo: " + request.lastUserText());
    }

    private void sendAnswer(HttpExchange exchange, RecordedRequest request, StubReply.Answer answer) throws IOException {
        String id = "msg_stub_" + messageCounter.incrementAndGet();
        String model = request.body().path("model").asString(FALLBACK_MODEL);
        if (!request.streaming()) {
            sendJson(exchange, 200, StubMessages.completeMessage(id, model, answer));
            return;
        }
        sendEvents(exchange, StubMessages.streamEvents(id, model, answer));
    }

    private void sendBrokenStream(HttpExchange exchange, RecordedRequest request, StubReply.StreamError broken)
            throws IOException {
        if (!request.streaming()) {
            sendJson(exchange, 529, StubMessages.error(broken.errorType(), broken.message()));
            return;
        }
        String id = "msg_stub_" + messageCounter.incrementAndGet();
        String model = request.body().path("model").asString(FALLBACK_MODEL);
        sendEvents(exchange, StubMessages.brokenStreamEvents(id, model, broken.errorType(), broken.message()));
    }

    private static void sendEvents(HttpExchange exchange, List<StubMessages.SseEvent> events) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        for (StubMessages.SseEvent event : events) {
            out.write(event.frame().getBytes(StandardCharsets.UTF_8));
            // Flush each event so that the client sees a real stream, not one buffered blob.
            out.flush();
        }
    }

    /** @return true when the stub closed within the wait */
    private boolean awaitClose(Duration wait) {
        try {
            return closing.await(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    /** @return false when the stub closed while the request waited for its gate */
    private boolean awaitGate() {
        CountDownLatch release = gate;
        while (release.getCount() > 0) {
            if (awaitClose(Duration.ofMillis(100))) {
                return false;
            }
        }
        return true;
    }

    private void awaitClose() {
        try {
            closing.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sendJson(HttpExchange exchange, int status, JsonNode body) throws IOException {
        byte[] bytes = StubMessages.JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static JsonNode parse(byte[] raw) {
        try {
            JsonNode body = StubMessages.JSON.readTree(raw);
            return body == null ? NullNode.getInstance() : body;
        } catch (JacksonException e) {
            return NullNode.getInstance();
        }
    }

    private static String requestTarget(HttpExchange exchange) {
        String query = exchange.getRequestURI().getRawQuery();
        String path = exchange.getRequestURI().getRawPath();
        return query == null ? path : path + "?" + query;
    }

    private static Map<String, String> headers(HttpExchange exchange) {
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> {
            String lowerName = name.toLowerCase(Locale.ROOT);
            boolean secret = lowerName.equals("x-api-key") || lowerName.equals("authorization");
            headers.put(lowerName, secret ? REDACTED : String.join(", ", values));
        });
        return headers;
    }
}
