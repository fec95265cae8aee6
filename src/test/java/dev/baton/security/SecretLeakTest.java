package dev.baton.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.testing.WebhookReceiver;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.WorkflowClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A representative workload (session turns including a crashing CLI that prints the Anthropic key on stderr, task
 * executions including failing and retried ones, schedule operations and a scheduled run, a webhook whose secret is
 * rotated and whose deliveries are retried), then a scan for five canaries: the admin's key, a user's key, the
 * {@code ANTHROPIC_API_KEY} given to the CLI and the webhook's two secrets. None may appear in the application's log
 * output (Baton at DEBUG), in any Temporal workflow's history, memo or search attributes, in any API answer (body or
 * header) but the one that reveals it, in a Temporal Web UI answer, in a WebSocket frame, in what the webhook receiver
 * got, or anywhere in the database.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretLeakTest extends SecurityTest {

    @Autowired
    private WorkflowClient workflowClient;

    @Autowired
    private DataSource dataSource;

    private final WebhookReceiver receiver = WebhookReceiver.start();

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void noSecretAppearsInLogsTemporalApiAnswersOrTheDatabase(CapturedOutput output) {
        Http http = new Http(port);
        var created = http.send(ADMIN_KEY, "POST", "/api/v1/users",
                Map.of("username", "leak-" + UUID.randomUUID().toString().substring(0, 8), "role", "user"));
        String userKey = created.json().path("apiKey").asString();
        assertThat(userKey).startsWith("bat_");
        Map<String, String> canaries = new LinkedHashMap<>();
        canaries.put("adminKey", ADMIN_KEY);
        canaries.put("userKey", userKey);
        canaries.put("anthropicKey", ANTHROPIC_CANARY);

        Reveals webhook = webhook(http, userKey);
        // The key bytes after whsec_: a leak of the key alone counts as much as one of the whole secret.
        canaries.put("webhookSecret", webhook.secrets().get(0).substring("whsec_".length()));
        canaries.put("rotatedWebhookSecret", webhook.secrets().get(1).substring("whsec_".length()));
        List<String> frames = workload(http, userKey);
        int deliveries = webhookTraffic(http, userKey, webhook.id());
        Http ui = new Http(UI_PORT);
        temporalUi(ui, created.json().path("username").asString(), userKey);

        // The answers that show a secret by design, once, to whoever asked: the user's creation (to the admin),
        // the webhook's creation and its rotation (to the user).
        List<Http.Reply> replies = Stream.concat(http.received().stream(), ui.received().stream())
                .filter(r -> r != created && !webhook.replies().contains(r)).toList();
        Map<String, Integer> found = new LinkedHashMap<>();
        canaries.keySet().forEach(k -> found.put(k, 0));

        String logs = output.getAll();
        long logLines = logs.lines().count();
        scan(canaries, found, logs);
        assertThat(logs).as("the crash scenario ran and Baton logged at DEBUG").contains("Started Claude CLI pid");

        var temporal = new TemporalWorkflows(workflowClient);
        List<WorkflowExecutionInfo> workflows = temporal.all();
        long events = 0;
        long historyBytes = 0;
        var stub = workflowClient.getWorkflowServiceStubs().blockingStub();
        for (WorkflowExecutionInfo info : workflows) {
            var history = temporal.history(info.getExecution());
            events += history.getEventsCount();
            byte[] bytes = history.toByteArray();
            historyBytes += bytes.length;
            // Payloads are JSON inside the protobuf bytes, so a canary in any payload is a substring of them.
            scan(canaries, found, new String(bytes, StandardCharsets.UTF_8));
            var described = stub.describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                    .setNamespace(workflowClient.getOptions().getNamespace()).setExecution(info.getExecution()).build());
            // The memo and search attributes.
            scan(canaries, found, described.getWorkflowExecutionInfo().toByteString().toStringUtf8());
        }
        assertThat(workflows).extracting(i -> i.getExecution().getWorkflowId())
                .anyMatch(id -> id.startsWith("execution-")).anyMatch(id -> id.startsWith("schedule-"))
                .anyMatch(id -> id.startsWith("webhook-delivery-"));

        replies.forEach(r -> scan(canaries, found, r.text()));
        frames.forEach(f -> scan(canaries, found, f));
        // What went over the wire to the receiver: signatures, never the secret they are made with.
        List<WebhookReceiver.Received> sent = receiver.received();
        sent.forEach(r -> scan(canaries, found, r.headers() + "\n" + r.body()));
        assertThat(sent).as("deliveries, including retried ones").hasSizeGreaterThan(deliveries);

        long rows = 0;
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        for (String table : DatabaseSnapshot.take(dataSource).tables().keySet()) {
            for (String row : jdbc.queryForList("select t::text from \"" + table + "\" t", String.class)) {
                scan(canaries, found, row);
                rows++;
            }
        }
        // Conversation files are stored gzip-compressed, where a canary would not show as text: read them unpacked.
        List<byte[]> conversationParts = jdbc.queryForList("select content from session_conversation_parts",
                byte[].class);
        conversationParts.forEach(part -> scan(canaries, found, gunzip(part)));
        assertThat(conversationParts).as("the workload's sessions stored their conversations").isNotEmpty();

        report("secrets", counts("logLines", logLines, "workflows", workflows.size(), "historyEvents", events,
                "historyBytes", historyBytes, "responses", replies.size(), "wsFrames", frames.size(), "dbRows", rows,
                "conversationParts", conversationParts.size(),
                "webhookRequests", sent.size(), "adminKeyFound", found.get("adminKey"), "userKeyFound",
                found.get("userKey"), "anthropicKeyFound", found.get("anthropicKey"), "webhookSecretsFound",
                found.get("webhookSecret") + found.get("rotatedWebhookSecret")));
        assertThat(found).allSatisfy((canary, count) -> assertThat(count).as(canary).isZero());
    }

    private static String gunzip(byte[] gzip) {
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzip))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** A webhook, its two secrets (created, then rotated) and the two answers that showed them. */
    private record Reveals(String id, List<String> secrets, List<Http.Reply> replies) {
    }

    /**
     * A webhook hearing every execution event, sent a test event and then rotated, so that the workload's
     * deliveries are signed with both secrets. The receiver fails each event's first attempt: retries, and their
     * failure messages in Temporal, are scanned too.
     */
    private Reveals webhook(Http http, String key) {
        Set<String> failedOnce = ConcurrentHashMap.newKeySet();
        receiver.respond(r -> failedOnce.add(r.webhookId()) ? WebhookReceiver.Reply.of(503, "try later")
                : WebhookReceiver.Reply.of(204));
        var created = http.send(key, "POST", "/api/v1/webhooks", Map.of("url", receiver.url("/leaks"), "events",
                List.of("execution.started", "execution.completed", "execution.failed"), "description", "leaks"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        String id = created.json().path("id").asString();
        String test = http.send(key, "POST", "/api/v1/webhooks/" + id + "/test", null).json().path("id").asString();
        awaitDeliveries(http, key, id, 1);
        var rotated = http.send(key, "POST", "/api/v1/webhooks/" + id + "/secret/rotate", null);
        assertThat(rotated.status()).as(rotated.toString()).isEqualTo(200);
        var redelivered = http.send(key, "POST", "/api/v1/webhooks/" + id + "/deliveries/" + test + "/redeliver", null);
        assertThat(redelivered.status()).as(redelivered.toString()).isEqualTo(202);
        return new Reveals(id, List.of(created.json().path("secret").asString(),
                rotated.json().path("secret").asString()), List.of(created, rotated));
    }

    /** Reads the webhook every way the API offers, once all its deliveries have ended; returns how many. */
    private int webhookTraffic(Http http, String key, String id) {
        List<JsonNode> deliveries = awaitDeliveries(http, key, id, 0);
        assertThat(deliveries).extracting(d -> d.path("status").asString()).containsOnly("delivered");
        http.send(key, "GET", "/api/v1/webhooks/" + id, null);
        http.send(key, "GET", "/api/v1/webhooks", null);
        http.send(key, "PATCH", "/api/v1/webhooks/" + id, Map.of("description", "still leak-free"));
        http.send(ADMIN_KEY, "GET", "/api/v1/webhooks", null);
        http.send(ADMIN_KEY, "GET", "/api/v1/webhooks/" + id + "/deliveries", null);
        return deliveries.size();
    }

    /** The webhook's deliveries once at least {@code atLeast} exist and none is pending. */
    private static List<JsonNode> awaitDeliveries(Http http, String key, String id, int atLeast) {
        return await().atMost(Duration.ofSeconds(90)).until(() -> http.send(key, "GET", "/api/v1/webhooks/" + id
                        + "/deliveries?size=100", null).json().path("items").valueStream().toList(),
                ds -> ds.size() >= atLeast && ds.stream().noneMatch(d -> d.path("status").asString().equals("pending")));
    }

    private static void scan(Map<String, String> canaries, Map<String, Integer> found, String text) {
        canaries.forEach((name, secret) -> {
            for (int at = text.indexOf(secret); at >= 0; at = text.indexOf(secret, at + 1)) {
                found.merge(name, 1, Integer::sum);
            }
        });
    }

    /**
     * The Temporal Web UI over the same workload: signing in (also wrongly), the list, counts, each workflow's
     * description and history, and the schedules.
     */
    private static void temporalUi(Http ui, String username, String key) {
        var form = Map.of("Content-Type", "application/x-www-form-urlencoded");
        assertThat(ui.send(null, "POST", "/login", "username=" + username + "&apiKey=" + key, null, form).status())
                .isEqualTo(303);
        assertThat(ui.send(null, "POST", "/login", "username=" + username + "&apiKey=" + key + "x", null, form)
                .status()).isEqualTo(401);
        ui.send(null, "GET", "/namespaces/default/workflows", null, null, Map.of());
        var as = basic(username, key);
        String ns = "/api/v1/namespaces/default";
        for (String path : List.of("/api/v1/settings", "/api/v1/me", ns + "/workflow-count?query=GROUP%20BY%20ExecutionStatus",
                ns + "/schedules", ns + "/search-attributes")) {
            assertThat(ui.send(null, "GET", path, null, null, as).status()).as(path).isEqualTo(200);
        }
        var listed = ui.send(null, "GET", ns + "/workflows", null, null, as).json().path("executions");
        assertThat(listed.size()).isGreaterThan(3);
        listed.valueStream().forEach(run -> {
            String workflow = ns + "/workflows/" + run.path("execution").path("workflowId").asString();
            String runId = "?execution.runId=" + run.path("execution").path("runId").asString();
            assertThat(ui.send(null, "GET", workflow + runId, null, null, as).status()).isEqualTo(200);
            assertThat(ui.send(null, "GET", workflow + "/history" + runId, null, null, as).status()).isEqualTo(200);
        });
        assertThat(ui.send(null, "GET", ns + "/schedules", null, null, basic(username, key + "x")).status())
                .isEqualTo(401);
    }

    /** Everything a user does, with the failures that are most likely to carry a secret into an error message. */
    private List<String> workload(Http http, String key) {
        String session = http.send(key, "POST", "/api/v1/sessions", Map.of("title", "leaks")).json().path("id")
                .asString();
        String query = "/api/v1/sessions/" + session + "/query";
        assertThat(http.send(key, "POST", query, Map.of("message", "hello")).status()).isEqualTo(200);
        var crash = http.send(key, "POST", query, Map.of("message", "[[scenario:crash]]"));
        assertThat(crash.json().path("error").path("type").asString()).as(crash.toString()).isEqualTo("cli_crashed");
        // The fake printed the key it was given on stderr: proof the canary reached the CLI, and was redacted.
        assertThat(crash.json().path("error").path("cliMessage").asString()).contains("api key [redacted]");
        for (String scenario : List.of("error401", "error529", "stderr_only", "tool")) {
            assertThat(http.send(key, "POST", query, Map.of("message", "[[scenario:" + scenario + "]]")).status())
                    .isEqualTo(200);
        }
        http.send(key, "GET", "/api/v1/sessions/" + session, null);
        http.send(key, "GET", "/api/v1/sessions/" + session + "/messages", null);
        http.send(key, "GET", "/api/v1/sessions", null);
        http.send(key, "GET", "/api/v1/users/me", null);
        http.send(ADMIN_KEY, "GET", "/api/v1/users/me", null);
        http.send(ADMIN_KEY, "GET", "/actuator/health", null);

        List<String> frames = new ArrayList<>();
        try (Socket socket = new Socket(port, "/ws/sessions/" + session + "?after=0", key)) {
            socket.sendText("{\"type\":\"query\",\"message\":\"[[scenario:crash]] over the socket\"}");
            JsonNode frame;
            do {
                frame = socket.next();
                frames.add(frame.toString());
            } while (!frame.path("type").asString().equals("error") || frame.path("error").path("type").asString()
                    .equals("bad_request"));
        }

        String task = http.send(key, "POST", "/api/v1/tasks", Map.of("name", "leaky", "promptTemplate",
                "Run {{scenario}}", "variables", Map.of("scenario", "[[scenario:echo]]"),
                "retry", Map.of("maxAttempts", 2, "initialIntervalSeconds", 1))).json().path("id").asString();
        String execute = "/api/v1/tasks/" + task + "/execute";
        List<String> executions = new ArrayList<>();
        for (String scenario : List.of("echo", "crash", "error401")) {
            executions.add(http.send(key, "POST", execute, Map.of("variables",
                    Map.of("scenario", "[[scenario:" + scenario + "]]"))).json().path("executionId").asString());
        }
        String schedule = "/api/v1/tasks/" + task + "/schedule";
        assertThat(http.send(key, "PUT", schedule, Map.of("cron", "0 0 1 1 *", "paused", true, "note", "leak check"))
                .status()).isEqualTo(200);
        assertThat(http.send(key, "POST", schedule + "/trigger", null).status()).isEqualTo(202);
        http.send(key, "POST", schedule + "/unpause", Map.of("note", "on"));
        http.send(key, "POST", schedule + "/pause", Map.of("note", "off"));
        JsonNode scheduled = await().atMost(Duration.ofSeconds(60)).until(
                () -> http.send(key, "GET", schedule, null).json().path("recentRuns"),
                runs -> runs.size() == 1 && runs.get(0).path("status").asString().equals("completed"));
        executions.add(scheduled.get(0).path("executionId").asString());

        for (String id : executions) {
            await().atMost(Duration.ofSeconds(60)).until(
                    () -> http.send(key, "GET", "/api/v1/executions/" + id, null).json().path("status").asString(),
                    status -> status.equals("completed") || status.equals("failed"));
            http.send(key, "GET", "/api/v1/executions/" + id + "/history", null);
        }
        assertThat(http.send(key, "GET", "/api/v1/executions/" + executions.get(1), null).json().path("attempt")
                .asInt()).as("the crashing execution was retried").isEqualTo(2);
        http.send(key, "GET", "/api/v1/tasks/" + task + "/executions", null);
        assertThat(http.send(key, "DELETE", schedule, null).status()).isEqualTo(204);
        return frames;
    }
}
