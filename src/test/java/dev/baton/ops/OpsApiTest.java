package dev.baton.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import dev.baton.support.Scrape;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Health groups and the Prometheus scrape of a healthy node, through HTTP like a probe and a scraper would. */
class OpsApiTest extends IntegrationTest {

    private static final String MANUAL = "trigger=\"manual\"";

    private Api anonymous;
    private Api user;

    @BeforeEach
    void clients() {
        anonymous = new Api(port, null);
        user = newUser();
    }

    @Test
    void readinessIsUpAndNamesTheDatabaseTemporalAndTheCli() {
        var readiness = anonymous.get("/actuator/health/readiness");

        assertThat(readiness.status()).as(readiness.toString()).isEqualTo(200);
        JsonNode body = readiness.json();
        assertThat(body.path("status").asString()).isEqualTo("UP");
        assertThat(body.path("components").propertyNames())
                .containsExactlyInAnyOrder("readinessState", "db", "temporal", "temporalWorker", "claudeCli");
        assertThat(body.path("components").path("claudeCli").has("details")).as("details are for admins").isFalse();
    }

    @Test
    void livenessDependsOnNothingOutsideTheJvm() {
        var liveness = anonymous.get("/actuator/health/liveness");

        assertThat(liveness.status()).isEqualTo(200);
        assertThat(liveness.json().path("components").propertyNames()).containsExactly("livenessState");
    }

    @Test
    void anAdminSeesTheDetailsOfEachComponent() {
        JsonNode components = admin.get("/actuator/health/readiness").json().path("components");

        assertThat(components.path("claudeCli").path("details").path("command").asString()).endsWith("fake-claude");
        assertThat(components.path("claudeCli").path("details").path("maxConcurrent").asInt()).isEqualTo(8);
        assertThat(components.path("temporal").path("status").asString()).isEqualTo("UP");
        assertThat(components.path("temporal").path("details").path("namespace").asString()).isEqualTo("default");
        assertThat(components.path("temporalWorker").path("details").path("polling").asBoolean()).isTrue();
        assertThat(components.path("temporalWorker").path("details").path("taskQueue").asString()).isEqualTo("baton-tasks");
        assertThat(components.path("db").path("details").path("database").asString()).isEqualTo("PostgreSQL");
    }

    @Test
    void anExecutionIsCountedOnceStartedAndOnceFinishedWithItsDurationAndTemporalReportsToo() {
        Scrape before = Scrape.of(anonymous);

        runExecution("count me", "completed");

        // The counters move just after the commit that the API's answer already shows, so allow them a moment.
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Scrape after = Scrape.of(anonymous);
            assertThat(after.minus(before, "baton_executions_started_total", MANUAL)).isEqualTo(1);
            assertThat(after.minus(before, "baton_executions_finished_total", "status=\"completed\"", MANUAL))
                    .isEqualTo(1);
            assertThat(after.minus(before, "baton_execution_duration_seconds_count", "status=\"completed\"", MANUAL))
                    .isEqualTo(1);
            assertThat(after.has("baton_execution_duration_seconds_bucket", "le=")).as("buckets for p95").isTrue();
            assertThat(after.minus(before, "baton_turn_duration_seconds_count", "outcome=\"success\"",
                    "error_type=\"none\"")).isEqualTo(1);
        });
        // The SDK's scope reports to Micrometer every 10 s, so its first meters may lag the execution.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Scrape.of(anonymous).names())
                .contains("temporal_request_total", "temporal_workflow_completed_total",
                        "temporal_request_latency_seconds_bucket"));
    }

    @Test
    void aRetriedExecutionIsCountedOnceAndEachFailedAttemptAsATurnError() {
        Scrape before = Scrape.of(anonymous);

        runExecution("[[scenario:crash]]", "failed");

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            Scrape after = Scrape.of(anonymous);
            assertThat(after.minus(before, "baton_executions_started_total", MANUAL)).isEqualTo(1);
            assertThat(after.minus(before, "baton_executions_finished_total", "status=\"failed\"", MANUAL))
                    .isEqualTo(1);
            assertThat(after.minus(before, "baton_turn_duration_seconds_count", "outcome=\"error\"",
                    "error_type=\"cli_crashed\"")).isEqualTo(2);
        });
    }

    /** Runs a task of two attempts at most and waits for the execution's terminal status. */
    private void runExecution(String prompt, String terminalStatus) {
        var task = user.post("/api/v1/tasks", Map.of("name", "metrics-" + UUID.randomUUID(), "promptTemplate", prompt,
                "retry", Map.of("maxAttempts", 2, "initialIntervalSeconds", 1)));
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        String id = user.post("/api/v1/tasks/" + task.json().path("id").asString() + "/execute", Map.of())
                .json().path("executionId").asString();
        await().atMost(Duration.ofSeconds(60)).until(
                () -> user.get("/api/v1/executions/" + id).json().path("status").asString(), terminalStatus::equals);
    }

    @Test
    void aSessionQueryAddsItsTokensAndCostAndTheCliGaugesAreThere() {
        Scrape before = Scrape.of(anonymous);
        String session = user.post("/api/v1/sessions", Map.of()).json().path("id").asString();

        var reply = user.post("/api/v1/sessions/" + session + "/query", Map.of("message", "hello"));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode usage = reply.json().path("usage");
        Scrape after = Scrape.of(anonymous);
        assertThat(after.minus(before, "baton_tokens_total", "kind=\"input\""))
                .isEqualTo(usage.path("input_tokens").asLong());
        assertThat(after.minus(before, "baton_tokens_total", "kind=\"output\""))
                .isEqualTo(usage.path("output_tokens").asLong());
        assertThat(after.minus(before, "baton_cost_usd_total")).isCloseTo(reply.json().path("costUsd").asDouble(),
                within(1e-9));
        assertThat(after.has("baton_cli_processes_running")).isTrue();
        assertThat(after.value("baton_cli_processes_max")).isEqualTo(8);
        assertThat(after.has("baton_turns_rejected_total", "reason=\"capacity\"")).isTrue();
    }
}
