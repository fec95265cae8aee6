package dev.baton.session;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every kind of bad input gets a 4xx problem naming the field, and nothing is persisted. */
class SessionBadInputTest extends IntegrationTest {

    private Api user;

    @BeforeEach
    void user() {
        user = newUser();
    }

    /** Checks the service makes; the request's own constraints are in SessionControllerTest, a web slice. */
    static Stream<Arguments> badSessions() {
        return Stream.of(
                Arguments.of("{\"permissionMode\": \"bypassPermissions\"}", "permissionMode"),
                Arguments.of("{\"workingDirectory\": \"../../etc\"}", "workingDirectory"),
                Arguments.of("{\"workingDirectory\": \"/etc\"}", "workingDirectory"));
    }

    @ParameterizedTest
    @MethodSource("badSessions")
    void badSessionIsRefusedAndNothingIsStored(String body, String field) {
        var response = user.send("POST", "/api/v1/sessions", body, "application/json");

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        if (field != null) {
            assertThat(response.json().path("detail").asString()).contains(field);
            assertThat(response.json().path("errors").get(0).path("field").asString()).isEqualTo(field);
        }
        assertThat(user.get("/api/v1/sessions").json().path("totalItems").asLong()).isZero();
    }

    @Test
    void symlinkOutOfTheWorkspaceIsRefused() throws Exception {
        Path root = dataDir().resolve("workspaces");
        Files.createDirectories(root);
        Path link = root.resolve("escape-" + UUID.randomUUID());
        Files.createSymbolicLink(link, Path.of("/tmp"));

        var response = user.post("/api/v1/sessions", Map.of("workingDirectory", link.getFileName() + "/inner"));

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().path("errors").get(0).path("field").asString()).isEqualTo("workingDirectory");
        assertThat(Path.of("/tmp/inner")).doesNotExist();
    }

    @Test
    void badQueriesAreRefusedWithoutRunningATurn() {
        String id = user.post("/api/v1/sessions", Map.of()).json().path("id").asString();
        String path = "/api/v1/sessions/" + id + "/query";

        assertField(user.post(path, Map.of("message", "  ")), 400, "message");
        assertField(user.post(path, Map.of()), 400, "message");
        assertField(user.post(path, "{\"message\": 42}"), 400, "message");
        assertField(user.post(path, Map.of("message", "x".repeat(100_001))), 400, "message");
        assertThat(user.post(path, "not json").status()).isEqualTo(400);
        assertField(user.post("/api/v1/sessions/not-a-uuid/query", Map.of("message", "hi")), 400, "id");
        assertThat(user.post("/api/v1/sessions/" + UUID.randomUUID() + "/query", Map.of("message", "hi")).status())
                .isEqualTo(404);
        assertField(user.get("/api/v1/sessions?size=1000"), 400, "size");
        assertField(user.get("/api/v1/sessions/" + id + "/messages?after=-1"), 400, "after");

        assertThat(user.get("/api/v1/sessions/" + id + "/messages").json().size()).isZero();
    }

    @Test
    void hugeBodyIsRefusedBeforeItIsRead() {
        var response = user.post("/api/v1/sessions", "{\"title\":\"" + "x".repeat(3 * 1024 * 1024) + "\"}");

        assertThat(response.status()).isEqualTo(413);
        assertThat(response.isProblem()).isTrue();
    }

    @Test
    void missingOrWrongKeysAreRefused() {
        var anonymous = user.as(null);
        assertThat(anonymous.get("/api/v1/sessions").status()).isEqualTo(401);
        assertThat(anonymous.get("/api/v1/sessions").isProblem()).isTrue();
        assertThat(user.as("bat_wrong").get("/api/v1/sessions").status()).isEqualTo(401);
        assertThat(user.post("/api/v1/users", Map.of("username", "mallory", "role", "admin")).status()).isEqualTo(403);
        assertThat(anonymous.get("/actuator/health").status()).isEqualTo(200);
        assertThat(anonymous.get("/v3/api-docs").status()).isEqualTo(200);
    }

    private static void assertField(Api.Response response, int status, String field) {
        assertThat(response.status()).as(response.toString()).isEqualTo(status);
        assertThat(response.isProblem()).as(response.toString()).isTrue();
        assertThat(response.json().path("detail").asString()).as(response.toString()).contains(field);
    }
}
