package dev.baton.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** Schedules through REST on the embedded stack, where Baton's own scheduler workflow keeps them. */
class ScheduleApiTest extends IntegrationTest {

    private Api user;
    private String taskId;

    @BeforeEach
    void task() {
        user = newUser();
        taskId = user.post("/api/v1/tasks", Map.of("name", "tick", "promptTemplate", "tick {{n}}",
                "variables", Map.of("n", "0"))).json().path("id").asString();
    }

    private String path() {
        return "/api/v1/tasks/" + taskId + "/schedule";
    }

    private List<JsonNode> executions() {
        return user.get("/api/v1/tasks/" + taskId + "/executions?size=100").json().path("items").valueStream().toList();
    }

    @Test
    void aScheduleRunsOrdinaryExecutionsTriggeredAsScheduled() {
        var put = user.send("PUT", path(), "{\"intervalSeconds\":1,\"variables\":{\"n\":\"7\"}}", "application/json");
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        JsonNode schedule = put.json();
        assertThat(schedule.path("intervalSeconds").asLong()).isEqualTo(1);
        assertThat(schedule.path("overlapPolicy").asString()).isEqualTo("skip");
        assertThat(schedule.path("timezone").asString()).isEqualTo("UTC");
        List<Instant> next = schedule.path("nextRunTimes").valueStream().map(t -> Instant.parse(t.asString())).toList();
        assertThat(next).hasSize(5).isSorted().doesNotHaveDuplicates();

        await().atMost(Duration.ofSeconds(60)).until(() -> executions().stream().anyMatch(
                e -> e.path("status").asString().equals("completed")));

        JsonNode done = executions().stream().filter(e -> e.path("status").asString().equals("completed")).findFirst()
                .orElseThrow();
        assertThat(done.path("triggerType").asString()).isEqualTo("scheduled");
        assertThat(done.path("response").asString()).isEqualTo("Echo: tick 7");
        JsonNode history = user.get("/api/v1/executions/" + done.path("id").asString() + "/history").json();
        assertThat(history.path("events").valueStream().map(e -> e.path("type").asString()))
                .contains("workflow_execution_completed");
        assertThat(user.get(path()).json().path("recentRuns").valueStream()
                .map(r -> r.path("executionId").asString())).contains(done.path("id").asString());

        assertThat(user.delete(path()).status()).isEqualTo(204);
        assertThat(user.get(path()).status()).isEqualTo(404);
    }

    @Test
    void pauseUnpauseAndTrigger() {
        // New Year's Day only: nothing fires during the test unless triggered.
        user.send("PUT", path(), "{\"cron\":\"0 0 1 1 *\",\"timezone\":\"Europe/Berlin\"}", "application/json");

        JsonNode paused = user.post(path() + "/pause", Map.of("note", "maintenance window")).json();
        assertThat(paused.path("paused").asBoolean()).isTrue();
        assertThat(paused.path("note").asString()).isEqualTo("maintenance window");
        assertThat(paused.path("nextRunTimes").size()).isEqualTo(5);
        assertThat(user.get(path()).json().path("paused").asBoolean()).isTrue();

        var triggered = user.post(path() + "/trigger", Map.of());
        assertThat(triggered.status()).as(triggered.toString()).isEqualTo(202);
        assertThat(triggered.json().path("outcome").asString()).isEqualTo("started");
        JsonNode execution = triggered.json().path("execution");
        assertThat(execution.path("triggerType").asString()).isEqualTo("scheduled");
        assertThat(executions()).extracting(e -> e.path("id").asString()).contains(execution.path("id").asString());

        JsonNode resumed = user.post(path() + "/unpause", Map.of()).json();
        assertThat(resumed.path("paused").asBoolean()).isFalse();
        ZoneId berlin = ZoneId.of("Europe/Berlin");
        Instant newYear = ZonedDateTime.of(ZonedDateTime.now(berlin).getYear() + 1, 1, 1, 0, 0, 0, 0, berlin).toInstant();
        assertThat(Instant.parse(resumed.path("nextRunTimes").get(0).asString())).isEqualTo(newYear);
    }

    @Test
    void aTriggerTheOverlapPolicyDropsSaysSoNamingThePolicyAndTheRunningExecution() {
        String gated = user.post("/api/v1/tasks", Map.of("name", "gated", "promptTemplate", "[[scenario:gate]] hold"))
                .json().path("id").asString();
        String schedule = "/api/v1/tasks/" + gated + "/schedule";
        user.send("PUT", schedule, "{\"cron\":\"0 0 1 1 *\",\"overlapPolicy\":\"skip\"}", "application/json");

        var first = user.post(schedule + "/trigger", Map.of());
        var second = user.post(schedule + "/trigger", Map.of());

        assertThat(first.status()).as(first.toString()).isEqualTo(202);
        JsonNode started = first.json().path("execution");
        assertThat(started.path("id").asString()).isNotBlank();
        assertThat(second.status()).as(second.toString()).isEqualTo(409);
        assertThat(second.isProblem()).isTrue();
        JsonNode skipped = second.json();
        assertThat(skipped.path("outcome").asString()).isEqualTo("skipped");
        assertThat(skipped.path("overlapPolicy").asString()).isEqualTo("skip");
        assertThat(skipped.path("runningExecutionId").asString()).isEqualTo(started.path("id").asString());
        assertThat(skipped.path("detail").asString()).contains("overlap policy skip", started.path("id").asString());

        String sessionId = await().atMost(Duration.ofSeconds(60)).until(() -> user.get("/api/v1/executions/"
                + started.path("id").asString()).json().path("sessionId").asString(""), id -> !id.isEmpty());
        await().atMost(Duration.ofSeconds(30)).until(() -> configDir(sessionId).resolve("fake-claude-stdin.txt")
                .toFile().exists());
        release(sessionId);
        await().atMost(Duration.ofSeconds(60)).until(() -> user.get("/api/v1/executions/"
                + started.path("id").asString()).json().path("status").asString().equals("completed"));
        assertThat(user.get("/api/v1/tasks/" + gated + "/executions").json().path("totalItems").asLong()).isEqualTo(1);
    }

    /** Checks the service makes; the request's own constraints are in ScheduleControllerTest, a web slice. */
    static Stream<Arguments> badSchedules() {
        return Stream.of(
                Arguments.of("{\"cron\":\"every day\"}", "cron"),
                Arguments.of("{\"cron\":\"61 * * * *\"}", "cron"),
                Arguments.of("{\"cron\":\"* * * * * *\"}", "cron"),
                Arguments.of("{\"cron\":\"0 0 30 2 *\"}", "cron"),
                Arguments.of("{\"cron\":\"0 9 * * 1\",\"intervalSeconds\":60}", "cron"),
                Arguments.of("{}", "cron"),
                Arguments.of("{\"intervalSeconds\":0}", "intervalSeconds"),
                Arguments.of("{\"cron\":\"@daily\",\"timezone\":\"Mars/Olympus\"}", "timezone"));
    }

    @ParameterizedTest
    @MethodSource("badSchedules")
    void badSchedulesAreRefusedNamingTheFieldAndChangeNothing(String body, String field) {
        var response = user.send("PUT", path(), body, "application/json");

        assertThat(response.status()).as(response.toString()).isEqualTo(400);
        assertThat(response.isProblem()).isTrue();
        assertThat(response.json().path("detail").asString()).contains(field);
        assertThat(user.get(path()).status()).isEqualTo(404);
    }

    @Test
    void aScheduleNeedsAnExistingTaskOfYoursAndAllItsVariables() {
        String noDefault = user.post("/api/v1/tasks", Map.of("name", "needs-x", "promptTemplate", "do {{x}}"))
                .json().path("id").asString();
        var missing = user.send("PUT", "/api/v1/tasks/" + noDefault + "/schedule", "{\"cron\":\"@daily\"}",
                "application/json");
        assertThat(missing.status()).isEqualTo(400);
        assertThat(missing.json().path("detail").asString()).contains("variables", "x");

        assertThat(user.send("PUT", "/api/v1/tasks/" + UUID.randomUUID() + "/schedule", "{\"cron\":\"@daily\"}",
                "application/json").status()).isEqualTo(404);
        assertThat(newUser().send("PUT", path(), "{\"cron\":\"@daily\"}", "application/json").status()).isEqualTo(404);
        assertThat(user.post(path() + "/pause", Map.of()).status()).isEqualTo(404);
        assertThat(user.post(path() + "/trigger", Map.of()).status()).isEqualTo(404);
        assertThat(user.delete(path()).status()).isEqualTo(404);
    }
}
