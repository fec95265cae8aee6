package dev.baton.task;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

class TaskApiTest extends IntegrationTest {

    private Api user;

    @BeforeEach
    void user() {
        user = newUser();
    }

    @Test
    void createReadUpdateListAndDelete() {
        var created = user.post("/api/v1/tasks", Map.of("name", "health", "promptTemplate", "Check {{cluster}}",
                "variables", Map.of("cluster", "prod"), "allowedTools", List.of("Bash(kubectl get:*)")));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        JsonNode task = created.json();
        String id = task.path("id").asString();
        assertThat(task.path("timeoutSeconds").asInt()).isEqualTo(1800);
        assertThat(task.path("retry").path("maxAttempts").asInt()).isEqualTo(3);
        assertThat(task.path("variables").path("cluster").asString()).isEqualTo("prod");

        var updated = user.send("PUT", "/api/v1/tasks/" + id, """
                {"name":"health","promptTemplate":"Check {{cluster}} now","timeoutSeconds":600,
                 "retry":{"maxAttempts":5,"initialIntervalSeconds":2,"backoffCoefficient":1.5,"maximumIntervalSeconds":60}}
                """, "application/json");
        assertThat(updated.status()).as(updated.toString()).isEqualTo(200);
        assertThat(user.get("/api/v1/tasks/" + id).json().path("retry").path("maxAttempts").asInt()).isEqualTo(5);
        assertThat(user.get("/api/v1/tasks/" + id).json().path("promptTemplate").asString()).isEqualTo("Check {{cluster}} now");
        assertThat(user.get("/api/v1/tasks").json().path("totalItems").asLong()).isEqualTo(1);

        assertThat(newUser().get("/api/v1/tasks/" + id).status()).isEqualTo(404);
        assertThat(user.delete("/api/v1/tasks/" + id).status()).isEqualTo(204);
        assertThat(user.get("/api/v1/tasks/" + id).status()).isEqualTo(404);
    }

    @Test
    void aSecondTaskWithTheSameNameIsAConflict() {
        assertThat(user.post("/api/v1/tasks", Map.of("name", "dup", "promptTemplate", "x")).status()).isEqualTo(201);

        var second = user.post("/api/v1/tasks", Map.of("name", "dup", "promptTemplate", "y"));

        assertThat(second.status()).isEqualTo(409);
        assertThat(second.json().path("detail").asString()).contains("name");
        assertThat(newUser().post("/api/v1/tasks", Map.of("name", "dup", "promptTemplate", "z")).status()).isEqualTo(201);
    }

    /** Checks the service makes; the request's own constraints are in TaskControllerTest, a web slice. */
    static Stream<Arguments> badTasks() {
        return Stream.of(
                Arguments.of("{\"name\":\"t\",\"promptTemplate\":\"x\",\"workingDirectory\":\"../..\"}", "workingDirectory"));
    }

    @ParameterizedTest
    @MethodSource("badTasks")
    void badTasksAreRefusedNamingTheField(String body, String field) {
        var response = user.send("POST", "/api/v1/tasks", body, "application/json");

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().path("detail").asString()).contains(field);
        assertThat(user.get("/api/v1/tasks").json().path("totalItems").asLong()).isZero();
    }
}
