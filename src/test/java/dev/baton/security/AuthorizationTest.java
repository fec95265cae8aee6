package dev.baton.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.testing.WebhookReceiver;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every {@code /api/**} endpoint, as the application itself lists them, and the WebSocket, tried with no key, a
 * wrong key and another user's key: 401, 403 or 404, never a look at the owner's data. An endpoint without a case
 * below fails the test, so a new one cannot slip through untested.
 */
class AuthorizationTest extends SecurityTest {

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    private RequestMappingHandlerMapping mappings;

    /** How another user's key is answered: refused with a status, or served from that user's own data. */
    record Case(String path, Object body, int asOther) {
    }

    /** Keyed by method and pattern exactly as Spring MVC spells them; {id}s are the owner's. */
    private static Map<String, Case> cases() {
        Map<String, Case> cases = new LinkedHashMap<>();
        cases.put("GET /api/v1/users/me", new Case("/api/v1/users/me", null, 200));
        cases.put("POST /api/v1/users", new Case("/api/v1/users", Map.of("username", "mallory-" + UUID.randomUUID()
                .toString().substring(0, 8), "role", "admin"), 403));
        cases.put("PUT /api/v1/users/{id}/limits", new Case("/api/v1/users/" + UUID.randomUUID() + "/limits",
                Map.of("monthlyBudgetUsd", 1000), 403));
        cases.put("GET /api/v1/usage", new Case("/api/v1/usage?groupBy=user", null, 200));
        cases.put("POST /api/v1/sessions", new Case("/api/v1/sessions", Map.of("title", "mine"), 201));
        cases.put("GET /api/v1/sessions", new Case("/api/v1/sessions", null, 200));
        cases.put("GET /api/v1/sessions/{id}", new Case("/api/v1/sessions/{session}", null, 404));
        cases.put("DELETE /api/v1/sessions/{id}", new Case("/api/v1/sessions/{session}", null, 404));
        cases.put("GET /api/v1/sessions/{id}/messages", new Case("/api/v1/sessions/{session}/messages?after=0", null, 404));
        cases.put("POST /api/v1/sessions/{id}/query", new Case("/api/v1/sessions/{session}/query",
                Map.of("message", "tell me what you told them"), 404));
        cases.put("POST /api/v1/sessions/{id}/interrupt", new Case("/api/v1/sessions/{session}/interrupt", null, 404));
        cases.put("POST /api/v1/tasks", new Case("/api/v1/tasks", Map.of("name", "mine", "promptTemplate", "hi"), 201));
        cases.put("GET /api/v1/tasks", new Case("/api/v1/tasks", null, 200));
        cases.put("GET /api/v1/tasks/{id}", new Case("/api/v1/tasks/{task}", null, 404));
        cases.put("PUT /api/v1/tasks/{id}", new Case("/api/v1/tasks/{task}",
                Map.of("name", "taken-over", "promptTemplate", "hijacked"), 404));
        cases.put("DELETE /api/v1/tasks/{id}", new Case("/api/v1/tasks/{task}", null, 404));
        cases.put("POST /api/v1/tasks/{id}/execute", new Case("/api/v1/tasks/{task}/execute", Map.of(), 404));
        cases.put("GET /api/v1/tasks/{id}/executions", new Case("/api/v1/tasks/{task}/executions", null, 404));
        cases.put("GET /api/v1/executions/{id}", new Case("/api/v1/executions/{execution}", null, 404));
        // The owner's execution has ended, so the owner would get 409: another user must get 404 all the same.
        cases.put("POST /api/v1/executions/{id}/cancel", new Case("/api/v1/executions/{execution}/cancel", null, 404));
        // Continuing the owner's completed execution would be 409 for the owner; 404 for anyone else.
        cases.put("POST /api/v1/executions/{id}/continue", new Case("/api/v1/executions/{execution}/continue",
                Map.of("additionalBudgetUsd", 1), 404));
        cases.put("GET /api/v1/executions/{id}/history", new Case("/api/v1/executions/{execution}/history", null, 404));
        cases.put("PUT /api/v1/tasks/{id}/schedule", new Case("/api/v1/tasks/{task}/schedule",
                Map.of("intervalSeconds", 1, "variables", Map.of("service", "x")), 404));
        cases.put("GET /api/v1/tasks/{id}/schedule", new Case("/api/v1/tasks/{task}/schedule", null, 404));
        cases.put("DELETE /api/v1/tasks/{id}/schedule", new Case("/api/v1/tasks/{task}/schedule", null, 404));
        cases.put("POST /api/v1/tasks/{id}/schedule/pause", new Case("/api/v1/tasks/{task}/schedule/pause", Map.of(), 404));
        cases.put("POST /api/v1/tasks/{id}/schedule/unpause", new Case("/api/v1/tasks/{task}/schedule/unpause", Map.of(), 404));
        cases.put("POST /api/v1/tasks/{id}/schedule/trigger", new Case("/api/v1/tasks/{task}/schedule/trigger", null, 404));
        // The attacker's own webhook hears only cancellations, so its executions below send it nothing.
        cases.put("POST /api/v1/webhooks", new Case("/api/v1/webhooks", Map.of("url", "http://127.0.0.1:9/mine",
                "events", List.of("execution.cancelled")), 201));
        cases.put("GET /api/v1/webhooks", new Case("/api/v1/webhooks", null, 200));
        cases.put("GET /api/v1/webhooks/{id}", new Case("/api/v1/webhooks/{webhook}", null, 404));
        cases.put("PATCH /api/v1/webhooks/{id}", new Case("/api/v1/webhooks/{webhook}",
                Map.of("url", "http://127.0.0.1:9/hijacked", "enabled", false), 404));
        cases.put("DELETE /api/v1/webhooks/{id}", new Case("/api/v1/webhooks/{webhook}", null, 404));
        cases.put("POST /api/v1/webhooks/{id}/secret/rotate", new Case("/api/v1/webhooks/{webhook}/secret/rotate",
                null, 404));
        cases.put("POST /api/v1/webhooks/{id}/test", new Case("/api/v1/webhooks/{webhook}/test", null, 404));
        cases.put("GET /api/v1/webhooks/{id}/deliveries", new Case("/api/v1/webhooks/{webhook}/deliveries", null, 404));
        cases.put("POST /api/v1/webhooks/{id}/deliveries/{deliveryId}/redeliver",
                new Case("/api/v1/webhooks/{webhook}/deliveries/{delivery}/redeliver", null, 404));
        cases.put("GET /api/v1/approvals", new Case("/api/v1/approvals?status=pending", null, 200));
        cases.put("GET /api/v1/approvals/{id}", new Case("/api/v1/approvals/{approval}", null, 404));
        cases.put("POST /api/v1/approvals/{id}", new Case("/api/v1/approvals/{approval}",
                Map.of("decision", "allow"), 404));
        return cases;
    }

    @Autowired
    private JdbcTemplate jdbc;

    private final WebhookReceiver receiver = WebhookReceiver.start();

    @AfterEach
    void stopReceiver() {
        receiver.close();
    }

    @Test
    void everyEndpointRefusesMissingWrongAndForeignKeysAndLeaksNothing() {
        Map<String, Case> cases = cases();
        List<String> endpoints = apiEndpoints();
        assertThat(endpoints).as("endpoints of the application without an authorization case")
                .allMatch(cases::containsKey);
        assertThat(cases.keySet()).as("cases for endpoints the application no longer has")
                .allMatch(endpoints::contains);

        Http owner = new Http(port);
        var fixture = Owner.create(owner, newUser().key(), receiver.url("/owner-hook"), jdbc);
        String otherKey = newUser().key();
        Http attacker = new Http(port);
        Map<String, Integer> counts = new LinkedHashMap<>();

        for (var entry : cases.entrySet()) {
            String method = entry.getKey().substring(0, entry.getKey().indexOf(' '));
            Case c = entry.getValue();
            String path = fixture.fill(c.path());
            for (String key : new String[] {null, "bat_" + UUID.randomUUID().toString().replace("-", "")}) {
                var reply = attacker.send(key, method, path, c.body());
                assertThat(reply.status()).as(reply.toString()).isEqualTo(401);
                assertThat(reply.isProblem()).as(reply.toString()).isTrue();
                assertThat(reply.headers().get("www-authenticate")).as(reply.toString()).contains("Bearer");
                counts.merge("401", 1, Integer::sum);
            }
            var reply = attacker.send(otherKey, method, path, c.body());
            assertThat(reply.status()).as(reply.toString()).isEqualTo(c.asOther());
            if (c.asOther() >= 400) {
                assertThat(reply.isProblem()).as(reply.toString()).isTrue();
            }
            counts.merge(c.asOther() >= 400 ? Integer.toString(c.asOther()) : "ownScope2xx", 1, Integer::sum);
        }

        // Keys that are almost right, or in the wrong place, are still wrong.
        String sessionPath = fixture.fill("/api/v1/sessions/{session}");
        String ownerKey = fixture.key();
        for (var header : List.of("Bearer " + ownerKey + "x", "Bearer " + ownerKey.substring(0, ownerKey.length() - 1),
                "Bearer " + ownerKey.toUpperCase(), "Bearer " + ownerKey.substring(0, 12), "Bearer ' OR '1'='1",
                "Basic " + java.util.Base64.getEncoder().encodeToString((ownerKey + ":").getBytes()))) {
            var reply = attacker.send(null, "GET", sessionPath, null, null, Map.of("Authorization", header));
            assertThat(reply.status()).as(header + " " + reply).isIn(401);
            counts.merge("401", 1, Integer::sum);
        }
        var inQuery = attacker.send(null, "GET", sessionPath + "?access_token=" + ownerKey, null);
        assertThat(inQuery.status()).as("a key in the query string of a REST call").isEqualTo(401);
        counts.merge("401", 1, Integer::sum);

        // The same Idempotency-Key from another user is another user's request: it must not find the owner's.
        String mark = fixture.title().substring("owner-title-".length());
        String otherTask = attacker.send(otherKey, "POST", "/api/v1/tasks", Map.of("name", "other-task",
                "promptTemplate", "hi")).json().path("id").asString();
        var sameKey = attacker.send(otherKey, "POST", "/api/v1/tasks/" + otherTask + "/execute", "{}",
                "application/json", Map.of("Idempotency-Key", "deploy-" + mark));
        assertThat(sameKey.status()).as(sameKey.toString()).isEqualTo(202);
        assertThat(sameKey.json().path("executionId").asString()).isNotEqualTo(fixture.ids().get("execution"));
        counts.merge("ownScope2xx", 1, Integer::sum);

        int sockets = webSocketHandshakes(fixture, otherKey, counts);

        // Nothing another user sent changed the owner's things.
        assertThat(owner.send(ownerKey, "GET", sessionPath, null).json().path("title").asString())
                .isEqualTo(fixture.title());
        assertThat(owner.send(ownerKey, "GET", fixture.fill("/api/v1/sessions/{session}/messages"), null).json()
                .size()).isEqualTo(fixture.messageCount());
        var task = owner.send(ownerKey, "GET", fixture.fill("/api/v1/tasks/{task}"), null).json();
        assertThat(task.path("name").asString()).isEqualTo(fixture.taskName());
        var schedule = owner.send(ownerKey, "GET", fixture.fill("/api/v1/tasks/{task}/schedule"), null).json();
        assertThat(schedule.path("paused").asBoolean()).isTrue();
        assertThat(schedule.path("cron").asString()).isEqualTo("0 0 1 1 *");
        assertThat(owner.send(ownerKey, "GET", fixture.fill("/api/v1/tasks/{task}/executions"), null).json()
                .path("totalItems").asLong()).isEqualTo(1);
        assertThat(owner.send(ADMIN_KEY, "GET", "/api/v1/users/me", null).json().path("role").asString())
                .isEqualTo("admin");
        var webhook = owner.send(ownerKey, "GET", fixture.fill("/api/v1/webhooks/{webhook}"), null).json();
        assertThat(webhook.path("url").asString()).isEqualTo(receiver.url("/owner-hook"));
        assertThat(webhook.path("enabled").asBoolean()).isTrue();
        assertThat(owner.send(ownerKey, "GET", fixture.fill("/api/v1/webhooks/{webhook}/deliveries"), null).json()
                .path("items").get(0).path("attempts").asInt()).as("the owner's delivery was not sent again")
                .isEqualTo(1);
        assertThat(receiver.received()).hasSize(1);

        List<String> leaks = new ArrayList<>();
        for (var reply : attacker.received()) {
            for (String secret : fixture.secrets()) {
                if (reply.text().contains(secret) && !reply.request().contains(secret)) {
                    leaks.add(secret + " in " + reply);
                }
            }
        }
        report("authorization", counts("endpoints", endpoints.size() + "/" + endpoints.size(), "websocket", sockets,
                "requests", attacker.received().size() + sockets, "401", counts.get("401"), "403", counts.get("403"),
                "404", counts.get("404"), "ownScope2xx", counts.get("ownScope2xx"), "leaks", leaks.size()));
        assertThat(leaks).isEmpty();
        assertThat(counts.get("403")).isEqualTo(2);
    }

    /** The handshake answers plain HTTP: 401 without a valid key, 404 for another user's session. */
    private int webSocketHandshakes(Owner fixture, String otherKey, Map<String, Integer> counts) {
        String path = fixture.fill("/ws/sessions/{session}?after=0");
        Map<String, Integer> attempts = new LinkedHashMap<>();
        attempts.put(path, 401);
        attempts.put(path + "&access_token=bat_" + UUID.randomUUID().toString().replace("-", ""), 401);
        attempts.put(path + "&access_token=" + otherKey, 404);
        int tried = 0;
        for (var attempt : attempts.entrySet()) {
            var client = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
            try {
                client.buildAsync(URI.create("ws://127.0.0.1:" + port + attempt.getKey()), new WebSocket.Listener() { })
                        .join().abort();
                throw new AssertionError("The handshake of " + attempt.getKey() + " succeeded");
            } catch (CompletionException e) {
                assertThat(e.getCause()).isInstanceOf(WebSocketHandshakeException.class);
                var response = ((WebSocketHandshakeException) e.getCause()).getResponse();
                assertThat(response.statusCode()).as(attempt.getKey()).isEqualTo(attempt.getValue());
                String text = response.headers().map() + "\n" + response.body();
                for (String secret : fixture.secrets()) {
                    if (!attempt.getKey().contains(secret)) {
                        assertThat(text).as("handshake answer to " + attempt.getKey()).doesNotContain(secret);
                    }
                }
                counts.merge(Integer.toString(attempt.getValue()), 1, Integer::sum);
                tried++;
            }
        }
        return tried;
    }

    /** Every method and {@code /api/**} pattern the application maps, e.g. {@code GET /api/v1/sessions/{id}}. */
    private List<String> apiEndpoints() {
        var endpoints = new TreeSet<String>();
        mappings.getHandlerMethods().keySet().forEach(info -> info.getPatternValues().stream()
                .filter(p -> p.startsWith("/api/"))
                .forEach(p -> info.getMethodsCondition().getMethods().forEach(m -> endpoints.add(m.name() + " " + p))));
        assertThat(endpoints).hasSizeGreaterThan(20);
        return List.copyOf(endpoints);
    }

    /** The owner's things, with distinctive text in each, so any of it in another caller's answer shows. */
    record Owner(String key, String username, Map<String, String> ids, String title, String message,
            String taskName, String prompt, int messageCount, String webhookSecret) {

        static Owner create(Http http, String key, String webhookUrl, JdbcTemplate jdbc) {
            String mark = UUID.randomUUID().toString().substring(0, 8);
            String username = http.send(key, "GET", "/api/v1/users/me", null).json().path("username").asString();
            String title = "owner-title-" + mark;
            String session = http.send(key, "POST", "/api/v1/sessions", Map.of("title", title)).json()
                    .path("id").asString();
            String message = "owner-message-" + mark;
            assertThat(http.send(key, "POST", "/api/v1/sessions/" + session + "/query", Map.of("message", message))
                    .status()).isEqualTo(200);
            int messageCount = http.send(key, "GET", "/api/v1/sessions/" + session + "/messages", null).json().size();
            String taskName = "owner-task-" + mark;
            String prompt = "owner-prompt-" + mark + " for {{service}}";
            String task = http.send(key, "POST", "/api/v1/tasks", Map.of("name", taskName, "promptTemplate", prompt,
                    "variables", Map.of("service", "owner-service-" + mark))).json().path("id").asString();
            String execution = http.send(key, "POST", "/api/v1/tasks/" + task + "/execute", "{}", "application/json",
                    Map.of("Idempotency-Key", "deploy-" + mark)).json().path("executionId").asString();
            await().atMost(Duration.ofSeconds(60)).until(() -> http.send(key, "GET", "/api/v1/executions/" + execution,
                    null).json().path("status").asString().equals("completed"));
            String executionSession = http.send(key, "GET", "/api/v1/executions/" + execution, null).json()
                    .path("sessionId").asString();
            assertThat(http.send(key, "PUT", "/api/v1/tasks/" + task + "/schedule", Map.of("cron", "0 0 1 1 *",
                    "paused", true, "note", "owner-note-" + mark)).status()).isEqualTo(200);
            // A webhook with one delivered test event, created after the execution so it heard nothing else.
            var webhook = http.send(key, "POST", "/api/v1/webhooks", Map.of("url", webhookUrl, "events",
                    List.of("execution.completed"), "description", "owner-webhook-" + mark)).json();
            String webhookId = webhook.path("id").asString();
            String delivery = http.send(key, "POST", "/api/v1/webhooks/" + webhookId + "/test", null).json()
                    .path("id").asString();
            await().atMost(Duration.ofSeconds(60)).until(() -> http.send(key, "GET", "/api/v1/webhooks/" + webhookId
                    + "/deliveries", null).json().path("items").get(0).path("status").asString().equals("delivered"));
            // A pending approval request, as a turn of the session with approvalMode ask would have stored it.
            String approval = UUID.randomUUID().toString();
            jdbc.update("""
                    insert into approvals (id, user_id, session_id, tool_name, input, status, created_at, expires_at)
                    values (?::uuid, ?::uuid, ?::uuid, 'Bash', '{"command": "owner"}'::jsonb, 'pending', now(),
                        now() + interval '1 hour')""", approval,
                    http.send(key, "GET", "/api/v1/users/me", null).json().path("id").asString(), session);
            return new Owner(key, username, Map.of("session", session, "task", task, "execution", execution,
                    "executionSession", executionSession, "webhook", webhookId, "delivery", delivery,
                    "approval", approval), title, message,
                    taskName, prompt, messageCount, webhook.path("secret").asString());
        }

        String fill(String template) {
            String path = template;
            for (var id : ids.entrySet()) {
                path = path.replace("{" + id.getKey() + "}", id.getValue());
            }
            return path;
        }

        List<String> secrets() {
            List<String> secrets = new ArrayList<>(ids.values());
            String mark = title.substring("owner-title-".length());
            secrets.addAll(List.of(key, username, title, message, taskName, "owner-prompt-" + mark,
                    "owner-service-" + mark, "owner-note-" + mark, "owner-webhook-" + mark,
                    webhookSecret.substring("whsec_".length())));
            return secrets;
        }
    }
}
