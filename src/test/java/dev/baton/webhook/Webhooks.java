package dev.baton.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** Webhook calls the tests share. */
final class Webhooks {

    private Webhooks() {
    }

    static JsonNode create(Api api, String url, List<String> events) {
        var created = api.post("/api/v1/webhooks", Map.of("url", url, "events", events));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    static JsonNode deliveries(Api api, String webhookId) {
        var answer = api.get("/api/v1/webhooks/" + webhookId + "/deliveries?size=100");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json().path("items");
    }

    static JsonNode delivery(Api api, String webhookId, String deliveryId) {
        return deliveries(api, webhookId).valueStream().filter(d -> d.path("id").asString().equals(deliveryId))
                .findFirst().orElseThrow(() -> new AssertionError("no delivery " + deliveryId));
    }

    /** The delivery once it is delivered or failed. */
    static JsonNode awaitFinished(Api api, String webhookId, String deliveryId) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> delivery(api, webhookId, deliveryId),
                d -> !d.path("status").asString().equals("pending"));
    }

    /** Deletes the user's webhooks, so no delivery of a finished test goes on in the background. */
    static void deleteAll(Api api) {
        api.get("/api/v1/webhooks?size=100").json().path("items").valueStream()
                .forEach(w -> api.delete("/api/v1/webhooks/" + w.path("id").asString()));
    }
}
