package dev.baton.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.Api;
import dev.baton.testing.StandardWebhooksVerifier;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The webhook API over HTTP, and test events delivered to a real receiver on loopback. */
class WebhookApiTest extends WebhookTest {

    @Test
    void createsAWebhookShowingItsSecretOnceAndManagesIt() {
        var created = user.post("/api/v1/webhooks", Map.of("url", receiver.url("/hook"),
                "events", List.of("execution.completed", "execution.failed"), "description", "ci"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode webhook = created.json();
        assertThat(webhook.path("secret").asString()).startsWith("whsec_").hasSizeGreaterThan(40);
        assertThat(webhook.path("enabled").asBoolean()).isTrue();
        assertThat(webhook.path("events")).extracting(JsonNode::asString)
                .containsExactly("execution.completed", "execution.failed");
        String id = webhook.path("id").asString();

        var read = user.get("/api/v1/webhooks/" + id);
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.json().has("secret")).isFalse();
        assertThat(read.json().path("url").asString()).isEqualTo(receiver.url("/hook"));
        assertThat(read.json().path("createdAt")).as("as stored").isEqualTo(webhook.path("createdAt"));
        assertThat(user.get("/api/v1/webhooks").json().path("items")).hasSize(1);

        Api other = newUser();
        assertThat(other.get("/api/v1/webhooks/" + id).status()).isEqualTo(404);
        assertThat(other.get("/api/v1/webhooks").json().path("totalItems").asLong()).isZero();
        assertThat(admin.get("/api/v1/webhooks/" + id).json().path("description").asString()).isEqualTo("ci");

        var patched = user.send("PATCH", "/api/v1/webhooks/" + id, "{\"events\":[\"execution.started\"],"
                + "\"enabled\":false,\"description\":\"\"}", "application/json");
        assertThat(patched.status()).as(patched.toString()).isEqualTo(200);
        assertThat(patched.json().path("events")).extracting(JsonNode::asString).containsExactly("execution.started");
        assertThat(patched.json().path("enabled").asBoolean()).isFalse();
        assertThat(patched.json().path("disabledReason").asString()).contains("disabled by");
        assertThat(patched.json().has("description")).isFalse();
        assertThat(user.post("/api/v1/webhooks/" + id + "/test", Map.of()).status()).isEqualTo(409);

        assertThat(user.delete("/api/v1/webhooks/" + id).status()).isEqualTo(204);
        assertThat(user.get("/api/v1/webhooks/" + id).status()).isEqualTo(404);
    }

    @Test
    void refusesBadWebhooksNamingTheField() {
        assertField(Map.of("url", "ftp://example.com/hook", "events", List.of("execution.completed")), "url");
        assertField(Map.of("url", "https://user:pw@example.com/hook", "events", List.of("execution.completed")), "url");
        assertField(Map.of("url", "not a url", "events", List.of("execution.completed")), "url");
        assertField(Map.of("url", receiver.url("/hook"), "events", List.of()), "events");
        assertField(Map.of("url", receiver.url("/hook"), "events", List.of("execution.exploded")), "events[0]");
        assertField(Map.of("url", receiver.url("/hook"), "events", List.of("webhook.test")), "events[0]");
        assertField(Map.of("url", receiver.url("/hook"), "events", List.of("execution.completed"),
                "taskId", java.util.UUID.randomUUID().toString()), "taskId");
        assertThat(user.get("/api/v1/webhooks").json().path("totalItems").asLong()).isZero();
    }

    private void assertField(Map<String, Object> body, String field) {
        var answer = user.post("/api/v1/webhooks", body);
        assertThat(answer.status()).as(answer.toString()).isEqualTo(400);
        assertThat(answer.isProblem()).isTrue();
        assertThat(answer.json().path("errors").valueStream().map(e -> e.path("field").asString()))
                .as(answer.toString()).contains(field);
    }

    @Test
    void aTestEventIsSignedTheStandardWebhooksWay() {
        var created = create(receiver.url("/hook"), List.of("execution.completed"));
        String secret = created.path("secret").asString();
        String id = created.path("id").asString();
        Instant before = Instant.now().minusSeconds(1);

        var test = user.post("/api/v1/webhooks/" + id + "/test", Map.of());
        assertThat(test.status()).as(test.toString()).isEqualTo(202);
        String eventId = test.json().path("eventId").asString();
        JsonNode delivery = awaitFinished(id, test.json().path("id").asString());

        assertThat(delivery.path("status").asString()).isEqualTo("delivered");
        assertThat(delivery.path("attempts").asInt()).isEqualTo(1);
        assertThat(delivery.path("lastHttpStatus").asInt()).isEqualTo(204);
        assertThat(delivery.has("latencyMs")).isTrue();
        var request = receiver.received(eventId).getFirst();
        assertThat(receiver.received(eventId)).hasSize(1);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.path()).isEqualTo("/hook");
        assertThat(request.header("content-type")).startsWith("application/json");
        assertThat(request.header("user-agent")).matches("Baton-Webhooks/\\d+\\.\\d+\\.\\d+.*");
        assertThat(eventId).startsWith("evt_");
        long timestamp = Long.parseLong(request.header("webhook-timestamp"));
        assertThat(timestamp).isBetween(before.getEpochSecond(), Instant.now().getEpochSecond());
        assertThat(request.header("webhook-signature")).startsWith("v1,").doesNotContain(" ");
        assertThat(StandardWebhooksVerifier.verifies(secret, eventId, request.header("webhook-timestamp"),
                request.body(), request.header("webhook-signature"))).isTrue();
        assertThat(StandardWebhooksVerifier.verifies(secret, eventId, request.header("webhook-timestamp"),
                request.body() + " ", request.header("webhook-signature"))).as("a changed body fails").isFalse();
        JsonNode body = request.json();
        assertThat(body.path("id").asString()).isEqualTo(eventId);
        assertThat(body.path("type").asString()).isEqualTo("webhook.test");
        assertThat(body.path("createdAt").asString()).isNotEmpty();
        assertThat(body.path("data").path("webhookId").asString()).isEqualTo(id);
    }
}
