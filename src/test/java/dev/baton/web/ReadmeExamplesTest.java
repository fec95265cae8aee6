package dev.baton.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The README's example answers ({@code # → <status> {…}} under its curl commands) against the answers the
 * application really gives: the same status and the same fields. An example that ends in {@code …} lists only some of
 * the fields; {@code {…}} and bare {@code …} stand for values left out.
 */
class ReadmeExamplesTest extends IntegrationTest {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Example(int status, JsonNode body, boolean partial) {
    }

    @Test
    void theReadmesExampleAnswersHaveTheFieldsOfRealAnswers() throws IOException {
        Map<String, Example> examples = examples(Files.readString(Path.of("README.md")));
        Api user = newUser();
        Map<String, Api.Response> real = new LinkedHashMap<>();

        var session = user.post("/api/v1/sessions", Map.of("title", "repo chores", "workingDirectory", "my-repo"));
        real.put("id", session);
        String sessionId = session.json().path("id").asString();
        real.put("sessionId", user.post("/api/v1/sessions/" + sessionId + "/query",
                Map.of("message", "What is in this directory?")));
        String taskId = user.post("/api/v1/tasks", Map.of("name", "k8s-health", "promptTemplate",
                "Check the health of the {{namespace}} namespace.", "variables", Map.of("namespace", "default")))
                .json().path("id").asString();
        real.put("executionId", user.post("/api/v1/tasks/" + taskId + "/execute",
                Map.of("variables", Map.of("namespace", "prod"))));
        real.put("taskId", user.send("PUT", "/api/v1/tasks/" + taskId + "/schedule", JSON.writeValueAsString(Map.of(
                "cron", "*/15 * * * *", "timezone", "Europe/Berlin", "overlapPolicy", "skip",
                "variables", Map.of("namespace", "prod"))), "application/json"));

        // Each example is told apart by its first field; one the test does not know must be added here.
        assertThat(examples.keySet()).containsExactlyInAnyOrderElementsOf(real.keySet());
        List<String> faults = new ArrayList<>();
        examples.forEach((name, example) -> {
            Api.Response answer = real.get(name);
            if (answer.status() != example.status()) {
                faults.add(name + ": README says " + example.status() + ", the API answered " + answer);
            }
            compare(name, example.body(), answer.json(), example.partial(), faults);
        });
        assertThat(faults).isEmpty();
    }

    private static void compare(String where, JsonNode readme, JsonNode real, boolean partial, List<String> faults) {
        if (readme.isObject() && real.isObject()) {
            if (readme.isEmpty()) {
                return;
            }
            Set<String> documented = new TreeSet<>(readme.propertyNames());
            Set<String> answered = new TreeSet<>(real.propertyNames());
            if (partial ? !answered.containsAll(documented) : !answered.equals(documented)) {
                faults.add(where + ": README shows " + documented + ", the API answers " + answered);
            }
            for (String field : documented) {
                if (real.has(field)) {
                    compare(where + "." + field, readme.get(field), real.get(field), false, faults);
                }
            }
        } else if (readme.isArray() && real.isArray() && !readme.isEmpty() && !real.isEmpty()) {
            compare(where + "[0]", readme.get(0), real.get(0), false, faults);
        }
    }

    /** The examples, keyed by their first field. */
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
            boolean partial = json.endsWith(",…}");
            json = json.replace(",…}", "}").replace("{…}", "{}").replace("[…]", "[]").replace(":…", ":null");
            JsonNode body = JSON.readTree(json);
            examples.put(body.propertyNames().iterator().next(), new Example(status, body, partial));
        }
        return examples;
    }
}
