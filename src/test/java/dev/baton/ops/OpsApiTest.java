package dev.baton.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Health groups and the Prometheus scrape of a healthy node, through HTTP like a probe and a scraper would. */
class OpsApiTest extends IntegrationTest {

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
                .containsExactlyInAnyOrder("readinessState", "db", "temporal", "claudeCli");
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
        assertThat(components.path("db").path("details").path("database").asString()).isEqualTo("PostgreSQL");
    }

    @Test
    void anExecutionIsCountedOnceStartedAndOnceFinishedWithItsDurationAndTemporalReportsToo() {
        Scrape before = Scrape.of(anonymous);
        String taskId = user.post("/api/v1/tasks", Map.of("name", "metrics-" + UUID.randomUUID(),
                "promptTemplate", "count me")).json().path("id").asString();

        String id = user.post("/api/v1/tasks/" + taskId + "/execute", Map.of()).json().path("executionId").asString();
        await().atMost(Duration.ofSeconds(60)).until(
                () -> user.get("/api/v1/executions/" + id).json().path("status").asString(), "completed"::equals);

        Scrape after = Scrape.of(anonymous);
        assertThat(after.value("baton_executions_started_total", "trigger=\"manual\""))
                .isEqualTo(before.value("baton_executions_started_total", "trigger=\"manual\"") + 1);
        assertThat(after.value("baton_executions_finished_total", "status=\"completed\"", "trigger=\"manual\""))
                .isEqualTo(before.value("baton_executions_finished_total", "status=\"completed\"",
                        "trigger=\"manual\"") + 1);
        assertThat(after.value("baton_execution_duration_seconds_count", "status=\"completed\""))
                .isEqualTo(before.value("baton_execution_duration_seconds_count", "status=\"completed\"") + 1);
        assertThat(after.has("baton_execution_duration_seconds_bucket", "le=")).as("histogram for p50/p95").isTrue();
        assertThat(after.value("baton_turn_duration_seconds_count", "outcome=\"success\"", "error_type=\"none\""))
                .isGreaterThan(before.value("baton_turn_duration_seconds_count", "outcome=\"success\""));
        // The SDK's scope reports to Micrometer every 10 s, so its first meters may lag the execution.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(Scrape.of(anonymous).names())
                .contains("temporal_request_total", "temporal_workflow_completed_total",
                        "temporal_request_latency_seconds_bucket"));
    }

    @Test
    void aSessionQueryAddsItsTokensAndCostAndTheCliGaugesAreThere() {
        Scrape before = Scrape.of(anonymous);
        String session = user.post("/api/v1/sessions", Map.of()).json().path("id").asString();

        var reply = user.post("/api/v1/sessions/" + session + "/query", Map.of("message", "hello"));

        assertThat(reply.status()).as(reply.toString()).isEqualTo(200);
        JsonNode usage = reply.json().path("usage");
        Scrape after = Scrape.of(anonymous);
        assertThat(after.value("baton_tokens_total", "kind=\"input\""))
                .isEqualTo(before.value("baton_tokens_total", "kind=\"input\"") + usage.path("input_tokens").asLong());
        assertThat(after.value("baton_tokens_total", "kind=\"output\""))
                .isEqualTo(before.value("baton_tokens_total", "kind=\"output\"") + usage.path("output_tokens").asLong());
        assertThat(after.value("baton_cost_usd_total"))
                .isCloseTo(before.value("baton_cost_usd_total") + reply.json().path("costUsd").asDouble(),
                        org.assertj.core.data.Offset.offset(1e-9));
        assertThat(after.has("baton_cli_processes_running")).isTrue();
        assertThat(after.value("baton_cli_processes_max")).isEqualTo(8);
        assertThat(after.has("baton_turns_rejected_total", "reason=\"capacity\"")).isTrue();
    }
}
