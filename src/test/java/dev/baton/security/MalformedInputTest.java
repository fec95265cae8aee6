package dev.baton.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import javax.sql.DataSource;
import io.temporal.client.WorkflowClient;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The bad-request corpus ({@code src/test/resources/security/bad-requests.json}) against every endpoint: each
 * answer is the expected 4xx as problem details naming the field at fault, none is a 5xx, and afterwards every
 * table holds exactly what it held before and Temporal has no workflow it did not have before.
 */
class MalformedInputTest extends SecurityTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    private DataSource dataSource;

    @Autowired
    private WorkflowClient workflowClient;

    /** One entry of the corpus; {@code json} or {@code raw} is the body, {@code {{pad}}} in it becomes pad x's. */
    record BadRequest(String name, String as, String method, String path, JsonNode json, String raw, Integer pad,
            String padWith, String contentType, Map<String, String> headers, int status, String field) {

        String body() {
            String body = json != null ? JSON.writeValueAsString(json) : raw;
            return body == null ? null : padded(body);
        }

        String padded(String text) {
            return pad == null ? text : text.replace("{{pad}}", (padWith == null ? "x" : padWith).repeat(pad));
        }
    }

    static List<BadRequest> corpus() {
        try (InputStream in = MalformedInputTest.class.getResourceAsStream("/security/bad-requests.json")) {
            return List.of(JSON.readValue(in, BadRequest[].class));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyBadRequestIsRefusedWithAProblemAndChangesNothing() {
        Http http = new Http(port);
        String userKey = newUser().key();
        Map<String, String> ids = fixtures(http, userKey);
        var temporal = new TemporalWorkflows(workflowClient);

        DatabaseSnapshot before = DatabaseSnapshot.quiet(dataSource);
        List<String> workflowsBefore = temporal.ids("");
        List<BadRequest> corpus = corpus();
        Map<String, AtomicInteger> counts = new LinkedHashMap<>();
        for (String key : List.of("requests", "4xx", "5xx", "problemJson", "fieldNamed")) {
            counts.put(key, new AtomicInteger());
        }

        List<DynamicTest> tests = new ArrayList<>();
        for (BadRequest bad : corpus) {
            tests.add(DynamicTest.dynamicTest(bad.name(), () -> {
                String path = bad.path();
                for (var id : ids.entrySet()) {
                    path = path.replace("{" + id.getKey() + "}", id.getValue());
                }
                var reply = http.send("admin".equals(bad.as()) ? ADMIN_KEY : userKey, bad.method(), path, bad.body(),
                        bad.contentType() == null ? "application/json" : bad.contentType(),
                        bad.headers() == null ? Map.of() : bad.headers().entrySet().stream().collect(
                                java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> bad.padded(e.getValue()))));
                counts.get("requests").incrementAndGet();
                count(counts, reply.status() >= 400 && reply.status() < 500, "4xx");
                count(counts, reply.status() >= 500, "5xx");
                count(counts, reply.isProblem(), "problemJson");

                assertThat(reply.status()).as(reply.toString()).isEqualTo(bad.status());
                assertThat(reply.isProblem()).as(reply.toString()).isTrue();
                assertThat(reply.json().path("status").asInt()).as(reply.toString()).isEqualTo(bad.status());
                if (bad.field() != null) {
                    List<String> fields = reply.json().path("errors").valueStream()
                            .map(e -> e.path("field").asString()).toList();
                    assertThat(fields).as(reply.toString()).contains(bad.field());
                    assertThat(reply.json().path("detail").asString()).as(reply.toString()).contains(bad.field());
                    counts.get("fieldNamed").incrementAndGet();
                }
            }));
        }
        tests.add(DynamicTest.dynamicTest("nothing changed in the database or in Temporal", () -> {
            DatabaseSnapshot after = DatabaseSnapshot.quiet(dataSource);
            long changed = before.tables().keySet().stream()
                    .filter(t -> !before.tables().get(t).equals(after.tables().get(t))).count();
            List<String> started = new ArrayList<>(temporal.ids(""));
            started.removeAll(workflowsBefore);
            long withField = corpus.stream().filter(b -> b.field() != null).count();
            report("malformed-input", counts("requests", counts.get("requests"), "4xx", counts.get("4xx"),
                    "5xx", counts.get("5xx"), "problemJson", counts.get("problemJson"),
                    "fieldNamed", counts.get("fieldNamed") + "/" + withField, "tables", before.tableCount(),
                    "stateChanges", changed, "workflowsStarted", started.size()));

            assertThat(counts.get("requests").get()).isEqualTo(corpus.size()).isGreaterThanOrEqualTo(60);
            assertThat(counts.get("4xx").get()).isEqualTo(corpus.size());
            assertThat(counts.get("5xx").get()).isZero();
            assertThat(counts.get("problemJson").get()).isEqualTo(corpus.size());
            assertThat(counts.get("fieldNamed").get()).isEqualTo((int) withField);
            assertThat(after.tables().keySet()).isEqualTo(before.tables().keySet()).contains("task_executions");
            assertThat(after).isEqualTo(before);
            assertThat(started).isEmpty();
        }));
        return tests.stream();
    }

    private static void count(Map<String, AtomicInteger> counts, boolean condition, String key) {
        if (condition) {
            counts.get(key).incrementAndGet();
        }
    }

    /**
     * A session with one finished turn, a task whose template needs {@code service} with one completed execution
     * and a paused schedule, a second task without a schedule, and a webhook: something for every bad request to
     * damage.
     */
    private Map<String, String> fixtures(Http http, String key) {
        String session = http.send(key, "POST", "/api/v1/sessions", Map.of("title", "fixture")).json()
                .path("id").asString();
        assertThat(http.send(key, "POST", "/api/v1/sessions/" + session + "/query", Map.of("message", "hello"))
                .status()).isEqualTo(200);
        var task = http.send(key, "POST", "/api/v1/tasks", Map.of("name", "fixture-task",
                "promptTemplate", "Deploy {{service}}"));
        assertThat(task.status()).as(task.toString()).isEqualTo(201);
        String taskId = task.json().path("id").asString();
        String otherTask = http.send(key, "POST", "/api/v1/tasks", Map.of("name", "other-task",
                "promptTemplate", "hi")).json().path("id").asString();
        String execution = http.send(key, "POST", "/api/v1/tasks/" + taskId + "/execute",
                Map.of("variables", Map.of("service", "api"))).json().path("executionId").asString();
        await().atMost(Duration.ofSeconds(60)).until(() -> http.send(key, "GET", "/api/v1/executions/" + execution,
                null).json().path("status").asString().equals("completed"));
        var schedule = http.send(key, "PUT", "/api/v1/tasks/" + taskId + "/schedule", Map.of("cron", "0 0 1 1 *",
                "paused", true, "note", "fixture", "variables", Map.of("service", "api")));
        assertThat(schedule.status()).as(schedule.toString()).isEqualTo(200);
        // Created after the execution and hearing only cancellations, so no delivery runs while the corpus does.
        var webhook = http.send(key, "POST", "/api/v1/webhooks", Map.of("url", "http://127.0.0.1:9/fixture-hook",
                "events", List.of("execution.cancelled")));
        assertThat(webhook.status()).as(webhook.toString()).isEqualTo(201);
        return Map.of("session", session, "task", taskId, "otherTask", otherTask, "execution", execution,
                "webhook", webhook.json().path("id").asString(), "unknown", UUID.randomUUID().toString());
    }
}
