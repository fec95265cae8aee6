package dev.baton.webhook;

import java.io.ByteArrayOutputStream;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * One signed HTTP POST of an event. Redirects are not followed, connecting may take {@code connectTimeout} and the
 * whole exchange {@code requestTimeout}, and only the first {@link WebhookDelivery#RESPONSE_BYTES} of the answer are
 * read. The destination is checked (see {@link Destinations}) right before the call.
 */
@Component
class WebhookSender {

    private final Destinations destinations;
    private final HttpClient http;
    private final Duration requestTimeout;
    private final String userAgent;

    @Autowired
    WebhookSender(Destinations destinations, WebhookProperties properties) {
        this(destinations, properties.connectTimeout(), properties.requestTimeout(), properties.userAgent());
    }

    WebhookSender(Destinations destinations, Duration connectTimeout, Duration requestTimeout, String userAgent) {
        this.destinations = destinations;
        this.requestTimeout = requestTimeout;
        this.userAgent = userAgent;
        this.http = HttpClient.newBuilder()
                .connectTimeout(connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** How an attempt ended, and what it means for the delivery. */
    enum Verdict {
        DELIVERED, RETRY, FAIL
    }

    /**
     * @param status the answer's status, null when none came
     * @param error why the attempt did not deliver; null when it did
     * @param retryAfter the answer's {@code Retry-After}, when it had one that parses
     */
    record Result(Verdict verdict, Integer status, String error, String response, Duration retryAfter,
            Duration latency) {

        /** An attempt that failed before any request was made, and may succeed later. */
        static Result unsent(String error) {
            return new Result(Verdict.RETRY, null, error, null, null, null);
        }

        WebhookDelivery.Attempt attempt() {
            return new WebhookDelivery.Attempt(status, error, response, latency == null ? null : latency.toMillis());
        }
    }

    Result send(DeliveryBookkeeping.Send send, Instant now) {
        try {
            destinations.check(send.url());
        } catch (Destinations.Refused e) {
            return new Result(Verdict.FAIL, null, "refused destination: " + e.getMessage(), null, null, null);
        } catch (UnknownHostException e) {
            return Result.unsent("the host " + send.url().getHost() + " does not resolve");
        }
        long timestamp = now.getEpochSecond();
        HttpRequest request = HttpRequest.newBuilder(send.url())
                .timeout(requestTimeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", userAgent)
                .header("webhook-id", send.eventId())
                .header("webhook-timestamp", Long.toString(timestamp))
                .header("webhook-signature", StandardWebhooks.signature(send.eventId(), timestamp, send.body(),
                        send.secrets()))
                .POST(HttpRequest.BodyPublishers.ofString(send.body(), StandardCharsets.UTF_8))
                .build();
        long started = System.nanoTime();
        CompletableFuture<HttpResponse<byte[]>> exchange = http.sendAsync(request,
                info -> new FirstBytes(WebhookDelivery.RESPONSE_BYTES));
        try {
            HttpResponse<byte[]> response = exchange.get(requestTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return answered(response, Duration.ofNanos(System.nanoTime() - started));
        } catch (TimeoutException e) {
            exchange.cancel(true);
            return unanswered("no answer within " + requestTimeout, started);
        } catch (ExecutionException e) {
            return unanswered(describe(e.getCause()), started);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return unanswered("interrupted", started);
        }
    }

    private static Result answered(HttpResponse<byte[]> response, Duration latency) {
        int status = response.statusCode();
        String body = text(response.body());
        if (status >= 200 && status < 300) {
            return new Result(Verdict.DELIVERED, status, null, body, null, latency);
        }
        Duration retryAfter = response.headers().firstValue("Retry-After").map(WebhookSender::retryAfter).orElse(null);
        if (status >= 300 && status < 400) {
            String location = response.headers().firstValue("Location").map(l -> " to " + l).orElse("");
            return new Result(Verdict.FAIL, status, "HTTP " + status + ": redirects" + location + " are not followed",
                    body, null, latency);
        }
        boolean retry = status >= 500 || status == 408 || status == 429;
        return new Result(retry ? Verdict.RETRY : Verdict.FAIL, status, "HTTP " + status, body, retryAfter, latency);
    }

    private static Result unanswered(String error, long started) {
        return new Result(Verdict.RETRY, null, error, null, null, Duration.ofNanos(System.nanoTime() - started));
    }

    private String describe(Throwable cause) {
        return switch (cause) {
            case HttpConnectTimeoutException t -> "could not connect within the connect timeout";
            case HttpTimeoutException t -> "no answer within " + requestTimeout;
            case ConnectException c -> "could not connect" + (c.getMessage() == null ? "" : ": " + c.getMessage());
            case null -> "the request failed";
            default -> cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : ": " + cause.getMessage());
        };
    }

    /** Kept as text; PostgreSQL cannot store NUL, and a multi-byte character cut at the limit becomes U+FFFD. */
    private static String text(byte[] bytes) {
        return bytes.length == 0 ? null : new String(bytes, StandardCharsets.UTF_8).replace('\u0000', '\uFFFD');
    }

    /** Seconds or an HTTP date (RFC 9110); null when it is neither. */
    static Duration retryAfter(String value) {
        String v = value.strip();
        try {
            return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
        } catch (NumberFormatException notSeconds) {
            try {
                Duration until = Duration.between(Instant.now(),
                        ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant());
                return until.isNegative() ? Duration.ZERO : until;
            } catch (DateTimeParseException neither) {
                return null;
            }
        }
    }

    /** Collects the first {@code limit} bytes of a body, then stops reading it. */
    private static final class FirstBytes implements HttpResponse.BodySubscriber<byte[]> {

        private final int limit;
        private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
        private final CompletableFuture<byte[]> result = new CompletableFuture<>();
        private Flow.Subscription subscription;

        FirstBytes(int limit) {
            this.limit = limit;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(List<ByteBuffer> buffers) {
            for (ByteBuffer buffer : buffers) {
                int take = Math.min(buffer.remaining(), limit - kept.size());
                byte[] bytes = new byte[take];
                buffer.get(bytes);
                kept.writeBytes(bytes);
            }
            if (kept.size() >= limit) {
                subscription.cancel();
                result.complete(kept.toByteArray());
            } else {
                subscription.request(1);
            }
        }

        @Override
        public void onError(Throwable error) {
            result.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            result.complete(kept.toByteArray());
        }

        @Override
        public CompletionStage<byte[]> getBody() {
            return result;
        }
    }
}
