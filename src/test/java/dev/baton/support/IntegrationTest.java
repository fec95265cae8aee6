package dev.baton.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.baton.BatonProperties;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The whole application on a random port, against the embedded PostgreSQL and Temporal test server, with the
 * scripted fake CLI. Subclasses without properties of their own share one Spring context, so the database starts
 * once for all of them; a subclass may point {@code baton.claude.command} elsewhere with its own
 * {@code @TestPropertySource}.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// The workflow files are in the data directory, not the repository's ./workflows: the shipped examples would become
// tasks of every test's admin. A subclass may point baton.workflows.dir elsewhere with a @DynamicPropertySource.
// Webhook tests deliver to receivers on loopback, retry within seconds, and find an unstarted delivery within 2 s.
@TestPropertySource(properties = {"baton.claude.command=${user.dir}/src/test/scripts/fake-claude",
        "baton.embedded-database.durable=false", "baton.workflows.dir=${baton.data-dir}/workflows",
        "baton.webhooks.allow-private-networks=true", "baton.webhooks.retry.initial-interval=1s",
        "baton.webhooks.retry.maximum-interval=2s", "baton.webhooks.recovery-interval=2s",
        "baton.temporal.ui-port=0"})
public abstract class IntegrationTest {

    public static final String ADMIN_KEY = "test-admin-key-0123456789";

    @LocalServerPort
    protected int port;

    @Autowired
    private BatonProperties baton;

    protected Api admin;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        // Called once per Spring context: each context gets its own data directory, since two embedded
        // databases cannot share one.
        Path dataDir = tempDir("baton-it-");
        registry.add("baton.data-dir", dataDir::toString);
        registry.add("baton.sessions.workspace-root", () -> dataDir.resolve("workspaces").toString());
        registry.add("baton.security.admin-api-key", () -> ADMIN_KEY);
    }

    @BeforeEach
    void connectAsAdmin() {
        admin = new Api(port, ADMIN_KEY);
    }

    /** A fresh user with its own key, so tests never see each other's sessions. */
    protected Api newUser() {
        String name = "user-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        var created = admin.post("/api/v1/users", java.util.Map.of("username", name, "role", "user"));
        if (created.status() != 201) {
            throw new AssertionError("Could not create a user: " + created);
        }
        return admin.as(created.json().path("apiKey").asString());
    }

    protected Path dataDir() {
        return baton.dataDir();
    }

    /** Where the CLI of a session keeps its configuration (and the fake CLI its notes). */
    protected Path configDir(String sessionId) {
        return dataDir().resolve("claude-config").resolve(sessionId);
    }

    /** Lets a turn of the fake's {@code gate} scenario finish. */
    protected void release(String sessionId) {
        try {
            Files.createFile(configDir(sessionId).resolve("release"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TCP port nothing listens on right now, for a second server of the application (the Temporal Web UI). */
    public static int freePort() {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
