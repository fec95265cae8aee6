package dev.baton.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import dev.baton.testing.WebhookReceiver;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's example answers ({@code # → <status> {…}} under its curl commands) against the answers the
 * application really gives: the same status and the same fields. An example that ends in {@code …} lists only some of
 * the fields; {@code {…}} and bare {@code …} stand for values left out.
 */
class ReadmeExamplesTest extends IntegrationTest {

    @Autowired
    private JdbcTemplate jdbc;

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** Where an object of an example ends in {@code ,…}}, it lists only some of the answer's fields. */
    private static final String MORE = "…";

    record Example(int status, JsonNode body) {
    }

    @Test
    void theReadmesExampleAnswersHaveTheFieldsOfRealAnswers() throws IOException {
        Map<String, Example> examples = examples(Files.readString(Path.of("README.md")));
        Api user = newUser();
        Map<String, Api.Response> real = new LinkedHashMap<>();

        var session = user.post("/api/v1/sessions", Map.of("title", "repo chores", "workingDirectory", "my-repo"));
        real.put("id,workingDirectory", session);
        String sessionId = session.json().path("id").asString();
        real.put("sessionId,turnId", user.post("/api/v1/sessions/" + sessionId + "/query",
                Map.of("message", "What is in this directory?")));
        String taskId = user.post("/api/v1/tasks", Map.of("name", "k8s-health", "promptTemplate",
                "Check the health of the {{namespace}} namespace.", "variables", Map.of("namespace", "default")))
                .json().path("id").asString();
        real.put("executionId,status", user.post("/api/v1/tasks/" + taskId + "/execute",
                Map.of("variables", Map.of("namespace", "prod"))));
        real.put("taskId,cron", user.send("PUT", "/api/v1/tasks/" + taskId + "/schedule", JSON.writeValueAsString(Map.of(
                "cron", "*/15 * * * *", "timezone", "Europe/Berlin", "overlapPolicy", "skip",
                "variables", Map.of("namespace", "prod"))), "application/json"));

        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            var webhook = user.post("/api/v1/webhooks", Map.of("url", receiver.url("/baton-hook"), "events",
                    List.of("execution.completed", "execution.failed"), "taskId", taskId,
                    "description", "deploy notifications"));
            real.put("id,userId", webhook);
            String webhookId = webhook.json().path("id").asString();
            user.post("/api/v1/webhooks/" + webhookId + "/test", Map.of());
            String deliveries = "/api/v1/webhooks/" + webhookId + "/deliveries";
            real.put("items", await().atMost(Duration.ofSeconds(60)).until(() -> user.get(deliveries),
                    r -> r.json().path("items").path(0).path("status").asString().equals("delivered")));
        }

        // A pending approval of the session's, as a turn with approvalMode ask leaves it, then decided.
        UUID approvalId = UUID.randomUUID();
        jdbc.update("""
                insert into approvals (id, user_id, session_id, turn_id, tool_name, input, status, created_at,
                    expires_at) values (?, ?::uuid, ?::uuid, ?, 'Bash', '{"command": "touch notes.txt"}'::jsonb,
                    'pending', now(), now() + interval '10 minutes')""", approvalId,
                user.get("/api/v1/users/me").json().path("id").asString(), sessionId, UUID.randomUUID());
        real.put("id,sessionId", user.post("/api/v1/approvals/" + approvalId, Map.of("decision", "allow")));

        // Each example is told apart by its first two fields; one the test does not know must be added here.
        assertThat(examples.keySet()).containsExactlyInAnyOrderElementsOf(real.keySet());
        List<String> faults = new ArrayList<>();
        examples.forEach((name, example) -> {
            Api.Response answer = real.get(name);
            if (answer.status() != example.status()) {
                faults.add(name + ": README says " + example.status() + ", the API answered " + answer);
            }
            compare(name, example.body(), answer.json(), faults);
        });
        assertThat(faults).isEmpty();
    }

    private static void compare(String where, JsonNode readme, JsonNode real, List<String> faults) {
        if (readme.isObject() && real.isObject()) {
            if (readme.isEmpty()) {
                return;
            }
            boolean partial = readme.has(MORE);
            Set<String> documented = new TreeSet<>(readme.propertyNames());
            documented.remove(MORE);
            Set<String> answered = new TreeSet<>(real.propertyNames());
            if (partial ? !answered.containsAll(documented) : !answered.equals(documented)) {
                faults.add(where + ": README shows " + documented + ", the API answers " + answered);
            }
            for (String field : documented) {
                if (real.has(field)) {
                    compare(where + "." + field, readme.get(field), real.get(field), faults);
                }
            }
        } else if (readme.isArray() && real.isArray() && !readme.isEmpty() && !real.isEmpty()) {
            compare(where + "[0]", readme.get(0), real.get(0), faults);
        }
    }

    /** The examples, keyed by their first two fields. */
    static Map<String, Example> examples(String readme) {
        Map<String, Example> examples = new LinkedHashMap<>();
        List<String> lines = readme.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).startsWith("# → ")) {
                continue;
            }
            StringBuilder text = new StringBuilder(lines.get(i).substring("# → ".length()));
            while (i + 1 < lines.size() && lines.get(i + 1).matches("#\\s{2,}\\S.*")) {
                text.append(lines.get(++i).substring(1).strip());
            }
            String answer = text.toString();
            int status = Integer.parseInt(answer.substring(0, 3));
            String json = answer.substring(4).strip();
            json = json.replace(",…}", ",\"" + MORE + "\":true}").replace("{…}", "{}").replace("[…]", "[]")
                    .replace(":…", ":null");
            JsonNode body = JSON.readTree(json);
            examples.put(String.join(",", body.propertyNames().stream().filter(n -> !n.equals(MORE)).limit(2).toList()),
                    new Example(status, body));
        }
        return examples;
    }
}
