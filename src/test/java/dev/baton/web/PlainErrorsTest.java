package dev.baton.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Errors a user meets in the first hour: one sentence in Baton's words, naming what to do. */
class PlainErrorsTest extends IntegrationTest {

    @Test
    void anUnknownPathIsA404ThatPointsToTheApiDocument() {
        Api.Response answer = admin.get("/api/v1/nope");

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.isProblem()).isTrue();
        assertThat(answer.json().path("detail").asString()).contains("No endpoint", "/v3/api-docs")
                .doesNotContain("static resource");
    }

    @Test
    void aWrongMethodNamesTheAllowedOnes() {
        Api.Response answer = admin.send("PUT", "/api/v1/sessions", "{}", "application/json");

        assertThat(answer.status()).isEqualTo(405);
        assertThat(answer.json().path("detail").asString()).isEqualTo("PUT is not allowed on this path; use GET, POST.");
    }

    @Test
    void aWrongContentTypeNamesTheRightOne() {
        Api.Response answer = admin.send("POST", "/api/v1/sessions", "x", "text/plain");

        assertThat(answer.status()).isEqualTo(415);
        assertThat(answer.json().path("detail").asString()).contains("text/plain", "application/json");
    }

    @Test
    void aMalformedIdNamesTheFieldOnceInEachPlace() {
        JsonNode problem = admin.get("/api/v1/sessions/not-a-uuid").json();

        assertThat(problem.path("detail").asString()).isEqualTo("id: 'not-a-uuid' is not a valid UUID");
        JsonNode error = problem.path("errors").get(0);
        assertThat(error.path("field").asString()).isEqualTo("id");
        assertThat(error.path("message").asString()).isEqualTo("'not-a-uuid' is not a valid UUID");
    }

    @Test
    void refusedBypassPermissionsNamesTheEnvironmentVariable() {
        Api.Response answer = admin.post("/api/v1/sessions", Map.of("permissionMode", "bypassPermissions"));

        assertThat(answer.status()).isEqualTo(400);
        assertThat(answer.json().path("errors").get(0).path("message").asString())
                .contains("BATON_ALLOW_BYPASS_PERMISSIONS=true").doesNotContain("baton.sessions");
    }
}
