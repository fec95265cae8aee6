package dev.baton.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import dev.baton.support.Scrape;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;

/**
 * The size of {@code /actuator/prometheus} on a node that has run executions of every common outcome and a few
 * session turns, in a context of its own so that no other test's meters count. It must stay small enough to scrape
 * every few seconds, and keep Baton's metrics and the Temporal ones operators chart.
 */
@TestPropertySource(properties = "baton.test.context=prometheus-payload")
class PrometheusPayloadTest extends IntegrationTest {

    static final int LIMIT_BYTES = 150 * 1024;

    @Test
    void afterExecutionsOfEveryOutcomeTheScrapeStaysUnder150KbAndKeepsWhatOperatorsChart() {
        Api user = newUser();
        Api anonymous = new Api(port, null);
        int before = anonymous.get("/actuator/prometheus").body().length();
        for (String prompt : List.of("hello", "again", "[[scenario:crash]]", "[[scenario:error401]]",
                "[[scenario:maxturns]]")) {
            runExecution(user, prompt);
        }
        String session = user.post("/api/v1/sessions", Map.of()).json().path("id").asString();
        user.post("/api/v1/sessions/" + session + "/query", Map.of("message", "hi"));
        user.post("/api/v1/sessions/" + session + "/query", Map.of("message", "[[scenario:error529]]"));
        // The SDK reports to Micrometer every 10 s: wait until its outcome counters are in.
        await().atMost(Duration.ofSeconds(60)).until(() -> Scrape.of(anonymous).value("temporal_workflow_failed_total") >= 3);

        var scrape = anonymous.get("/actuator/prometheus");
        int bytes = scrape.body().length();
        Scrape samples = Scrape.parse(scrape.body());
        long temporalLines = samples.samples().stream().filter(line -> line.startsWith("temporal_")).count();
        System.out.printf("METRICS | prometheus-payload | before=%d after=%d limit=%d samples=%d temporalSamples=%d%n",
                before, bytes, LIMIT_BYTES, samples.samples().size(), temporalLines);
        // The heaviest metrics, so a payload that grew again shows where.
        Map<String, Integer> weight = new java.util.TreeMap<>();
        scrape.body().lines().filter(line -> !line.startsWith("#"))
                .forEach(line -> weight.merge(line.split("[{ ]", 2)[0], line.length() + 1, Integer::sum));
        weight.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).limit(25)
                .forEach(e -> System.out.printf("METRICS | prometheus-payload | heaviest %s bytes=%d%n", e.getKey(),
                        e.getValue()));

        assertThat(bytes).isLessThan(LIMIT_BYTES);
        assertThat(samples.names()).contains("baton_executions_started_total", "baton_executions_finished_total",
                "baton_execution_duration_seconds_bucket", "baton_turn_duration_seconds_bucket",
                "baton_cli_processes_running", "baton_cli_processes_max", "baton_turns_rejected_total",
                "baton_tokens_total", "baton_cost_usd_total");
        // What operators chart from the SDK: outcomes, failures and schedule-to-start latency (with buckets for p95).
        assertThat(samples.names()).contains("temporal_workflow_completed_total", "temporal_workflow_failed_total",
                "temporal_activity_execution_failed_total", "temporal_request_total", "temporal_request_latency_seconds_bucket",
                "temporal_activity_schedule_to_start_latency_seconds_bucket",
                "temporal_workflow_task_schedule_to_start_latency_seconds_bucket", "temporal_worker_task_slots_used");
    }

    private void runExecution(Api user, String prompt) {
        var task = user.post("/api/v1/tasks", Map.of("name", "payload-" + UUID.randomUUID(), "promptTemplate", prompt,
                "maxTurns", 2, "retry", Map.of("maxAttempts", 2, "initialIntervalSeconds", 1)));
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        String id = user.post("/api/v1/tasks/" + task.json().path("id").asString() + "/execute", Map.of())
                .json().path("executionId").asString();
        await().atMost(Duration.ofSeconds(60)).until(() -> user.get("/api/v1/executions/" + id).json()
                .path("status").asString(), status -> status.equals("completed") || status.equals("failed"));
    }
}
