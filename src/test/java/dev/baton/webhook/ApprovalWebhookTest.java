package dev.baton.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.baton.approval.ApprovalService;
import dev.baton.claude.ToolApprover;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** {@code approval.requested}: a tool call that waits for a person reaches its owner's webhooks. */
class ApprovalWebhookTest extends WebhookTest {

    @Autowired
    private ApprovalService approvals;

    @Test
    void aStoredRequestIsSentAsApprovalRequestedWithTheApproval() {
        create(receiver.url("/approvals"), List.of("approval.requested"));
        UUID userId = UUID.fromString(user.get("/api/v1/users/me").json().path("id").asString());
        UUID executionId = UUID.randomUUID();

        // As a task execution's turn stores it when the CLI asks about a call.
        approvals.forExecution(userId, executionId, Duration.ofMinutes(10), null)
                .forTurn(UUID.randomUUID(), UUID.randomUUID())
                .ask(new ToolApprover.ToolCall("req-1", "Bash", "{\"command\":\"ls\"}", "List"), answer -> { });

        var received = await().atMost(Duration.ofSeconds(30)).until(receiver::received, r -> !r.isEmpty()).getFirst();
        assertThat(received.type()).isEqualTo("approval.requested");
        JsonNode data = received.json().path("data");
        assertThat(data.path("toolName").asString()).isEqualTo("Bash");
        assertThat(data.path("input").path("command").asString()).isEqualTo("ls");
        assertThat(data.path("status").asString()).isEqualTo("pending");
        assertThat(data.path("executionId").asString()).isEqualTo(executionId.toString());
    }
}
