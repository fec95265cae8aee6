package dev.baton.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** What an operator reads in the log when a task or a query fails as expected: one INFO line each, no stack trace. */
@ExtendWith(OutputCaptureExtension.class)
class EndedLogLinesTest extends IntegrationTest {

    @Test
    void aFailedExecutionAndItsTurnAreOneInfoLineEachWithoutTemporalStackTraces(CapturedOutput output) {
        Api user = newUser();
        String taskId = user.post("/api/v1/tasks", Map.of("name", "log-" + UUID.randomUUID(),
                "promptTemplate", "[[scenario:maxturns]]", "maxTurns", 2)).json().path("id").asString();
        String id = user.post("/api/v1/tasks/" + taskId + "/execute", Map.of()).json().path("executionId").asString();
        await().atMost(Duration.ofSeconds(60)).until(() -> output.getOut().contains("Execution ended: execution=" + id));
        String sessionId = user.get("/api/v1/executions/" + id).json().path("sessionId").asString();

        assertThat(lines(output, "Execution ended: execution=" + id)).singleElement().asString()
                .contains(" INFO ", "status=failed", "errorType=max_turns", "attempts=1", "costUsd=0.000123",
                        "durationMs=");
        assertThat(lines(output, "Turn ended: session=" + sessionId)).singleElement().asString()
                .contains(" INFO ", "status=failed", "errorType=max_turns", "attempt=1", "costUsd=0.000123");
        // The SDK's own WARN lines for this workflow and its activity, each with a stack trace, are gone.
        assertThat(output.getAll()).doesNotContain("Workflow execution failure WorkflowId='execution-" + id);
        assertThat(lines(output, "Activity failure.")).isEmpty();
    }

    @Test
    void aFailedSessionQueryIsOneInfoLine(CapturedOutput output) {
        Api user = newUser();
        String sessionId = user.post("/api/v1/sessions", Map.of()).json().path("id").asString();

        user.post("/api/v1/sessions/" + sessionId + "/query", Map.of("message", "[[scenario:error401]]"));

        await().atMost(Duration.ofSeconds(10)).until(() -> output.getOut().contains("Turn ended: session=" + sessionId));
        assertThat(lines(output, "Turn ended: session=" + sessionId)).singleElement().asString()
                .contains(" INFO ", "status=failed", "errorType=authentication", "attempt=-");
    }

    private static List<String> lines(CapturedOutput output, String containing) {
        return output.getAll().lines().filter(line -> line.contains(containing)).toList();
    }
}
