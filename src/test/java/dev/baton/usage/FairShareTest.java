package dev.baton.usage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.TestPropertySource;
import tools.jackson.databind.JsonNode;

/** The fair-share queue: one user's burst does not keep another user's single execution waiting behind it. */
@TestPropertySource(properties = "baton.claude.max-concurrent=2")
class FairShareTest extends IntegrationTest {

    private static String task(Api user) {
        var created = user.post("/api/v1/tasks", Map.of("name", "t-" + UUID.randomUUID(),
                "promptTemplate", "[[scenario:slow]]"));
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.json().path("id").asString();
    }

    private static String execute(Api user, String taskId) {
        var accepted = user.post("/api/v1/tasks/" + taskId + "/execute", Map.of());
        assertThat(accepted.status()).as(accepted.toString()).isEqualTo(202);
        return accepted.json().path("executionId").asString();
    }

    private static Instant startedAt(Api user, String executionId) {
        JsonNode execution = user.get("/api/v1/executions/" + executionId).json();
        return execution.path("startedAt").isMissingNode() || execution.path("startedAt").isNull() ? null
                : Instant.parse(execution.path("startedAt").asString());
    }

    @Test
    void aSecondUsersExecutionStartsBeforeTheTenthOfABurst() {
        Api a = newUser();
        Api b = newUser();
        String taskA = task(a);
        String taskB = task(b);
        List<String> burst = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            burst.add(execute(a, taskA));
        }
        String single = execute(b, taskB);

        Instant bStarted = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .until(() -> startedAt(b, single), s -> s != null);
        List<Instant> aStarted = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500))
                .until(() -> burst.stream().map(id -> startedAt(a, id)).filter(s -> s != null)
                        .sorted(Comparator.naturalOrder()).toList(), started -> started.size() >= 10);

        System.out.println("FAIRNESS | A started before B: " + aStarted.stream().filter(bStarted::isAfter).count()
                + " of the first " + aStarted.size());
        assertThat(bStarted).as("B started at %s; A's first ten at %s", bStarted, aStarted)
                .isBefore(aStarted.get(9));
        // Fair share gives B the first slot A frees (2 of A's hold the two slots); without the queue, this CLI cap
        // and the embedded server let 6 of A's start first.
        assertThat(bStarted).as("B started at %s; A's first ten at %s", bStarted, aStarted)
                .isBefore(aStarted.get(4));
        for (String id : burst) {
            a.post("/api/v1/executions/" + id + "/cancel", null);
        }
    }
}
