package dev.baton.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.StandardWebhooksVerifier;
import dev.baton.testing.WebhookReceiver;
import dev.baton.testing.WebhookReceiver.Reply;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One attempt against a real receiver on loopback: what is sent, and how each outcome is judged. */
class WebhookSenderTest {

    private static final String SECRET = StandardWebhooks.newSecret();

    private final WebhookReceiver receiver = WebhookReceiver.start();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        receiver.close();
    }

    private static WebhookSender sender(boolean allowPrivate, Duration requestTimeout) {
        return new WebhookSender(new Destinations(allowPrivate, InetAddress::getAllByName), Duration.ofSeconds(5),
                requestTimeout, "Baton-Webhooks/test");
    }

    private DeliveryBookkeeping.Send send(String url) {
        return new DeliveryBookkeeping.Send(URI.create(url), "evt_1", "{\"id\":\"evt_1\"}", List.of(SECRET));
    }

    @Test
    void sendsTheSignedBodyAndKeepsTheAnswer() {
        receiver.respond(r -> Reply.of(202, "accepted"));

        var result = sender(true, Duration.ofSeconds(10)).send(send(receiver.url("/in")), Instant.now());

        assertThat(result.verdict()).isEqualTo(WebhookSender.Verdict.DELIVERED);
        assertThat(result.status()).isEqualTo(202);
        assertThat(result.response()).isEqualTo("accepted");
        assertThat(result.error()).isNull();
        var request = receiver.received().getFirst();
        assertThat(request.body()).isEqualTo("{\"id\":\"evt_1\"}");
        assertThat(request.header("user-agent")).isEqualTo("Baton-Webhooks/test");
        assertThat(StandardWebhooksVerifier.verifies(SECRET, "evt_1", request.header("webhook-timestamp"),
                request.body(), request.header("webhook-signature"))).isTrue();
    }

    @Test
    void aLoopbackReceiverIsRefusedAtDeliveryWithoutTheSettingAndNeverCalled() {
        var result = sender(false, Duration.ofSeconds(10)).send(send(receiver.url("/in")), Instant.now());

        assertThat(result.verdict()).isEqualTo(WebhookSender.Verdict.FAIL);
        assertThat(result.error()).startsWith("refused destination: ").contains("loopback");
        assertThat(result.latency()).isNull();
        assertThat(receiver.received()).isEmpty();
    }

    @Test
    void classifiesAnswersAsDeliveredRetriedOrFailed() {
        var sender = sender(true, Duration.ofSeconds(10));
        for (int status : new int[] {500, 502, 503, 504, 408, 429}) {
            receiver.respond(r -> Reply.of(status));
            assertThat(sender.send(send(receiver.url("/in")), Instant.now()).verdict()).as("HTTP " + status)
                    .isEqualTo(WebhookSender.Verdict.RETRY);
        }
        for (int status : new int[] {400, 401, 403, 404, 410, 413, 422, 301, 307}) {
            receiver.respond(r -> Reply.of(status));
            assertThat(sender.send(send(receiver.url("/in")), Instant.now()).verdict()).as("HTTP " + status)
                    .isEqualTo(WebhookSender.Verdict.FAIL);
        }
    }

    @Test
    void aReceiverThatDoesNotAnswerInTimeIsRetried() {
        receiver.respond(r -> {
            try {
                release.await(1, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return Reply.of(200);
        });

        var result = sender(true, Duration.ofSeconds(1)).send(send(receiver.url("/slow")), Instant.now());

        assertThat(result.verdict()).isEqualTo(WebhookSender.Verdict.RETRY);
        assertThat(result.status()).isNull();
        assertThat(result.error()).isEqualTo("no answer within PT1S");
    }

    @Test
    void aClosedPortIsRetried() throws Exception {
        int port;
        try (var socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }

        var result = sender(true, Duration.ofSeconds(10)).send(send("http://127.0.0.1:" + port + "/in"), Instant.now());

        assertThat(result.verdict()).isEqualTo(WebhookSender.Verdict.RETRY);
        assertThat(result.error()).startsWith("could not connect");
    }

    @Test
    void readsRetryAfterAsSecondsOrAnHttpDate() {
        assertThat(WebhookSender.retryAfter("120")).isEqualTo(Duration.ofSeconds(120));
        assertThat(WebhookSender.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(Duration.ZERO);
        String inAMinute = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME.format(
                java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).plusMinutes(1));
        assertThat(WebhookSender.retryAfter(inAMinute)).isBetween(Duration.ofSeconds(50), Duration.ofSeconds(60));
        assertThat(WebhookSender.retryAfter("soon")).isNull();
    }
}
