package dev.baton.execution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.when;

import dev.baton.support.Api;
import dev.baton.support.IntegrationTest;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.test.context.bean.override.mockito.MockitoBean;

/** When Temporal cannot be reached, an execution is recorded as failed with the reason, never left queued. */
class ExecutionStartFailureTest extends IntegrationTest {

    @MockitoBean
    WorkflowStarter starter;

    @Test
    void anExecutionWhoseWorkflowCannotStartIsMarkedFailed() {
        when(starter.start(any(), any())).thenThrow(new StatusRuntimeException(Status.UNAVAILABLE.withDescription(
                "frontend unreachable")));
        Api user = newUser();
        String taskId = user.post("/api/v1/tasks", Map.of("name", "doomed", "promptTemplate", "x"))
                .json().path("id").asString();

        var reply = user.post("/api/v1/tasks/" + taskId + "/execute", Map.of());

        assertThat(reply.status()).isEqualTo(503);
        assertThat(reply.isProblem()).isTrue();
        assertThat(reply.retryAfter()).isNotNull();
        var executions = user.get("/api/v1/tasks/" + taskId + "/executions").json().path("items");
        assertThat(executions.size()).isEqualTo(1);
        assertThat(executions.get(0).path("status").asString()).isEqualTo("failed");
        assertThat(executions.get(0).path("error").path("type").asString()).isEqualTo("workflow_start_failed");
        assertThat(executions.get(0).path("error").path("message").asString()).contains("frontend unreachable");
    }
}
