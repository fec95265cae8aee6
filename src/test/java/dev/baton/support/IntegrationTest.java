package dev.baton.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The whole application on a random port, against the embedded PostgreSQL and Temporal test server, with the
 * scripted fake CLI. Every subclass shares one Spring context, so the database starts once per test run.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
public abstract class IntegrationTest {

    public static final String ADMIN_KEY = "test-admin-key-0123456789";
    public static final Path FAKE_CLI = Path.of("src/test/scripts/fake-claude").toAbsolutePath();
    static final Path DATA_DIR = tempDir("baton-it-");

    @LocalServerPort
    protected int port;

    protected Api admin;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("baton.data-dir", DATA_DIR::toString);
        registry.add("baton.sessions.workspace-root", () -> DATA_DIR.resolve("workspaces").toString());
        registry.add("baton.security.admin-api-key", () -> ADMIN_KEY);
        registry.add("baton.claude.command", FAKE_CLI::toString);
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

    protected static Path dataDir() {
        return DATA_DIR;
    }

    public static Path tempDir(String prefix) {
        try {
            return Files.createTempDirectory(prefix).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
