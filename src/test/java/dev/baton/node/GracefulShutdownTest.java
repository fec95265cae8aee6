package dev.baton.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.BatonApplication;
import dev.baton.claude.ClaudeCli;
import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import dev.baton.support.WsClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Closes a whole node, as SIGTERM would. The node is started here rather than through {@link IntegrationTest}: the
 * test framework's context cache restarts a cached context that is no longer running, which fails once it is
 * closed.
 */
class GracefulShutdownTest {

    private ConfigurableApplicationContext context;

    @AfterEach
    void closeNode() {
        if (context != null) {
            context.close();
        }
    }

    @Test
    void killsTurnsLeftAfterTheGracePeriodAndClosesSocketsAsGoingAway() throws Exception {
        context = startNode(IntegrationTest.tempDir("baton-shutdown-"), Duration.ofSeconds(2));
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        Api user = newUser(new Api(port, IntegrationTest.ADMIN_KEY));
        String sessionId = user.post("/api/v1/sessions", Map.of()).json().path("id").asString();
        ClaudeCli cli = context.getBean(ClaudeCli.class);
        try (var ws = WsClient.connect(user, "/ws/sessions/" + sessionId)) {
            Thread.ofVirtual().start(() -> {
                try {
                    user.post("/api/v1/sessions/" + sessionId + "/query",
                            Map.of("message", "[[scenario:gate]] never released"));
                } catch (RuntimeException expected) {
                    // The node goes away before the turn answers.
                }
            });
            await().atMost(Duration.ofSeconds(30)).until(() -> cli.running() == 1);
            List<ProcessHandle> fakes = await().atMost(Duration.ofSeconds(10))
                    .until(GracefulShutdownTest::fakeClis, list -> !list.isEmpty());
            assertThat(fakes).hasSize(1);
            ProcessHandle fake = fakes.getFirst();

            long started = System.nanoTime();
            context.close();

            // The turn had its grace period, and was killed rather than left behind.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofSeconds(2));
            await().atMost(Duration.ofSeconds(10)).until(() -> !fake.isAlive());
            await().atMost(Duration.ofSeconds(10)).until(() -> fakeClis().isEmpty());
            assertThat(ws.closeCode().get(10, TimeUnit.SECONDS)).isEqualTo(1001);
        }
    }

    @Test
    void letsATurnFinishWithinTheGracePeriod() throws Exception {
        Path dataDir = IntegrationTest.tempDir("baton-shutdown-");
        context = startNode(dataDir, Duration.ofSeconds(30));
        int port = ((WebServerApplicationContext) context).getWebServer().getPort();
        Api user = newUser(new Api(port, IntegrationTest.ADMIN_KEY));
        String sessionId = user.post("/api/v1/sessions", Map.of()).json().path("id").asString();
        ClaudeCli cli = context.getBean(ClaudeCli.class);
        CompletableFuture<Api.Response> answer = CompletableFuture.supplyAsync(() -> user.post(
                "/api/v1/sessions/" + sessionId + "/query", Map.of("message", "[[scenario:gate]] released in time")));
        await().atMost(Duration.ofSeconds(30)).until(() -> cli.running() == 1);

        Thread closing = Thread.ofVirtual().start(context::close);
        await().atMost(Duration.ofSeconds(10)).until(context::isClosed);
        Files.createFile(dataDir.resolve("claude-config").resolve(sessionId).resolve("release"));

        assertThat(answer.get(30, TimeUnit.SECONDS).status()).isEqualTo(200);
        closing.join(Duration.ofSeconds(30));
        assertThat(closing.isAlive()).isFalse();
    }

    private static ConfigurableApplicationContext startNode(Path dataDir, Duration grace) {
        // As arguments, since application.yml would win over the builder's default properties.
        Map<String, String> properties = Map.of(
                "server.port", "0",
                "baton.claude.command", Path.of("src/test/scripts/fake-claude").toAbsolutePath().toString(),
                "baton.embedded-database.durable", "false",
                "baton.data-dir", dataDir.toString(),
                "baton.sessions.workspace-root", dataDir.resolve("workspaces").toString(),
                "baton.workflows.dir", dataDir.resolve("workflows").toString(),
                "baton.security.admin-api-key", IntegrationTest.ADMIN_KEY,
                "baton.shutdown.grace-period", grace.toMillis() + "ms");
        String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue())
                .toArray(String[]::new);
        return new SpringApplicationBuilder(BatonApplication.class).run(args);
    }

    private static Api newUser(Api admin) {
        var created = admin.post("/api/v1/users", Map.of("username", "shutdown-user", "role", "user"));
        assertThat(created.status()).isEqualTo(201);
        return admin.as(created.json().path("apiKey").asString());
    }

    /**
     * The fake CLI processes this JVM started: its children, so neither the subshells a fake forks for {@code $(...)}
     * (same command line, a fake as parent) nor the CLIs of Baton JVMs that other tests start count.
     */
    private static List<ProcessHandle> fakeClis() {
        return ProcessHandle.current().children().filter(GracefulShutdownTest::isFake).toList();
    }

    private static boolean isFake(ProcessHandle process) {
        return process.info().commandLine().orElse("").contains("fake-claude");
    }
}
