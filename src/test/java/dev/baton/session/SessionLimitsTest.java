package dev.baton.session;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.reliability.LocalProcesses;
import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/** The per-node CLI cap and the turn timeout, on a node allowed one CLI at a time and short turns. */
@TestPropertySource(properties = {"baton.claude.max-concurrent=1", "baton.claude.turn-timeout=3s"})
class SessionLimitsTest extends IntegrationTest {

    @Test
    void aQueryBeyondTheCliCapGets429WithRetryAfterAndLeavesNoTrace() {
        Api user = newUser();
        String busy = user.post("/api/v1/sessions", Map.of()).json().path("id").asString();
        String other = user.post("/api/v1/sessions", Map.of()).json().path("id").asString();
        var running = CompletableFuture.supplyAsync(() ->
                user.post("/api/v1/sessions/" + busy + "/query", Map.of("message", "[[scenario:gate]]")));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> user.get("/api/v1/sessions/" + busy + "/messages").json().size() >= 2);

        var refused = user.post("/api/v1/sessions/" + other + "/query", Map.of("message", "hello"));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.isProblem()).isTrue();
        assertThat(refused.retryAfter()).isNotNull();
        assertThat(Integer.parseInt(refused.retryAfter())).isPositive();
        assertThat(user.get("/api/v1/sessions/" + other + "/messages").json().size()).isZero();

        release(busy);
        assertThat(running.join().status()).isEqualTo(200);
        assertThat(user.post("/api/v1/sessions/" + other + "/query", Map.of("message", "hello")).status())
                .isEqualTo(200);
    }

    @Test
    void aTurnPastItsTimeoutIsKilledWithItsChildrenAndReportedTimedOut() {
        Api user = newUser();
        String id = user.post("/api/v1/sessions", Map.of()).json().path("id").asString();

        var reply = user.post("/api/v1/sessions/" + id + "/query", Map.of("message", "[[scenario:hang]]"));

        assertThat(reply.json().path("isError").asBoolean()).as(reply.toString()).isTrue();
        assertThat(reply.json().path("error").path("type").asString()).isEqualTo("timed_out");
        assertThat(hangingChildren(id)).isZero();
        assertThat(user.post("/api/v1/sessions/" + id + "/query", Map.of("message", "again")).status())
                .isEqualTo(200);
    }

    /**
     * The fake's {@code hang} scenario parks in {@code sleep 600}; none may outlive its turn. Only this session's count,
     * found through {@code /proc} wherever they were re-parented: other tests may be running theirs.
     */
    private long hangingChildren(String sessionId) {
        return LocalProcesses.startedFor(configDir(sessionId)).stream()
                .filter(p -> p.commandLine().endsWith("sleep 600")).count();
    }
}
