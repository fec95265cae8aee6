package dev.baton.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * After a restart the embedded Temporal server has forgotten every workflow. An execution the database still
 * holds as running must be started again, not left running forever.
 */
class ExecutionRecoveryTest extends IntegrationTest {

    @Autowired
    ExecutionRepository executions;

    @Autowired
    ExecutionRecovery recovery;

    @Test
    void anExecutionWhoseWorkflowWasLostRunsAgainAndCompletes() {
        Api user = newUser();
        String taskId = user.post("/api/v1/tasks", Map.of("name", "lost", "promptTemplate", "survive"))
                .json().path("id").asString();
        UUID userId = UUID.fromString(user.get("/api/v1/users/me").json().path("id").asString());
        // What a crash leaves behind: a running execution whose workflow only the old server knew.
        var orphan = new TaskExecution(UUID.fromString(taskId), userId, TriggerType.MANUAL, null, "survive", Map.of(),
                null);
        orphan.restarted("run-lost-in-the-crash");
        orphan.start(1);
        executions.saveAndFlush(orphan);

        int restarted = recovery.recoverLost();

        assertThat(restarted).isEqualTo(1);
        JsonNode done = await().atMost(Duration.ofSeconds(60)).until(
                () -> user.get("/api/v1/executions/" + orphan.id()).json(),
                e -> e.path("status").asString().equals("completed"));
        assertThat(done.path("response").asString()).isEqualTo("Echo: survive");
        assertThat(done.path("previousRunIds").get(0).asString()).isEqualTo("run-lost-in-the-crash");
        assertThat(done.path("runId").asString()).isNotEqualTo("run-lost-in-the-crash");
        assertThat(recovery.recoverLost()).isZero();
    }
}
