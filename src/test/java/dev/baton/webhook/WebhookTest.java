package dev.baton.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import dev.baton.testing.WebhookReceiver;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;

/**
 * The application as {@link IntegrationTest} runs it (private networks allowed, retries within seconds), with a
 * fresh user and a receiver on loopback per test. Each test's webhooks are deleted after it, so no delivery of a
 * finished test goes on in the background.
 */
abstract class WebhookTest extends IntegrationTest {

    protected WebhookReceiver receiver;
    protected Api user;

    @BeforeEach
    void startReceiver() {
        receiver = WebhookReceiver.start();
        user = newUser();
    }

    @AfterEach
    void deleteWebhooksAndStopReceiver() {
        user.get("/api/v1/webhooks?size=100").json().path("items").valueStream()
                .forEach(w -> user.delete("/api/v1/webhooks/" + w.path("id").asString()));
        receiver.close();
    }

    /** A webhook of the test's user; the answer holds its secret. */
    JsonNode create(String url, List<String> events) {
        var created = user.post("/api/v1/webhooks", Map.of("url", url, "events", events));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json();
    }

    JsonNode deliveries(String webhookId) {
        var answer = user.get("/api/v1/webhooks/" + webhookId + "/deliveries?size=100");
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        return answer.json().path("items");
    }

    JsonNode delivery(String webhookId, String deliveryId) {
        return deliveries(webhookId).valueStream().filter(d -> d.path("id").asString().equals(deliveryId))
                .findFirst().orElseThrow(() -> new AssertionError("no delivery " + deliveryId));
    }

    /** The delivery once it is delivered or failed. */
    JsonNode awaitFinished(String webhookId, String deliveryId) {
        return await().atMost(Duration.ofSeconds(60)).until(() -> delivery(webhookId, deliveryId),
                d -> !d.path("status").asString().equals("pending"));
    }
}
