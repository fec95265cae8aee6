package dev.baton.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import dev.baton.support.Scrape;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * A node in trouble: its database unreachable for a while, its only CLI slot taken. The database sits behind a
 * proxy the test cuts, so the application sees a real outage (connections reset, new ones refused) while PostgreSQL
 * itself keeps its data. The CLI cap is 1 so a single gated turn fills the node.
 */
@TestPropertySource(properties = {"baton.claude.max-concurrent=1",
        // A probe should hear DOWN in about a second, not after Hikari's default 30 s wait for a connection.
        "spring.datasource.hikari.connection-timeout=1000"})
@DirtiesContext
class DegradedNodeTest extends IntegrationTest {

    private static final EmbeddedPostgres POSTGRES = startPostgres();
    private static final TcpProxy PROXY = TcpProxy.to(POSTGRES.getPort());

    private Api anonymous;

    @DynamicPropertySource
    static void database(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:postgresql://127.0.0.1:" + PROXY.port() + "/postgres");
        registry.add("spring.datasource.username", () -> "postgres");
    }

    @AfterAll
    static void stopDatabase() throws IOException {
        PROXY.close();
        POSTGRES.close();
    }

    @BeforeEach
    void anonymous() {
        anonymous = new Api(port, null);
    }

    @Test
    void readinessIsDownWhileTheDatabaseIsUnreachableAndUpWhenItIsBack() {
        assertThat(anonymous.get("/actuator/health/readiness").status()).isEqualTo(200);

        PROXY.cut();
        try {
            var down = await().atMost(Duration.ofSeconds(20)).until(
                    () -> anonymous.get("/actuator/health/readiness"), response -> response.status() == 503);
            assertThat(down.json().path("status").asString()).isEqualTo("DOWN");
            assertThat(down.json().path("components").path("db").path("status").asString()).isEqualTo("DOWN");
            assertThat(down.json().path("components").path("temporal").path("status").asString()).isEqualTo("UP");
            assertThat(anonymous.get("/actuator/health/liveness").status()).as("a restart would not help").isEqualTo(200);
        } finally {
            PROXY.restore();
        }

        await().atMost(Duration.ofSeconds(30)).until(
                () -> anonymous.get("/actuator/health/readiness").status(), status -> status == 200);
    }

    @Test
    void aTurnRefusedForCapacityIsCounted() {
        Api user = newUser();
        String busy = user.post("/api/v1/sessions", Map.of()).json().path("id").asString();
        String other = user.post("/api/v1/sessions", Map.of()).json().path("id").asString();
        double before = Scrape.of(anonymous).value("baton_turns_rejected_total", "reason=\"capacity\"");
        var running = CompletableFuture.supplyAsync(() ->
                user.post("/api/v1/sessions/" + busy + "/query", Map.of("message", "[[scenario:gate]]")));
        await().atMost(Duration.ofSeconds(30))
                .until(() -> Scrape.of(anonymous).value("baton_cli_processes_running"), running1 -> running1 == 1);

        assertThat(user.post("/api/v1/sessions/" + other + "/query", Map.of("message", "hello")).status())
                .isEqualTo(429);

        Scrape after = Scrape.of(anonymous);
        assertThat(after.value("baton_turns_rejected_total", "reason=\"capacity\"")).isEqualTo(before + 1);
        assertThat(after.value("baton_cli_processes_max")).isEqualTo(1);
        release(busy);
        assertThat(running.join().status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> Scrape.of(anonymous).value("baton_cli_processes_running"), n -> n == 0);
    }

    private static EmbeddedPostgres startPostgres() {
        try {
            return EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
