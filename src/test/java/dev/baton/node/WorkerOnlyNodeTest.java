package dev.baton.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.support.IntegrationTest;
import dev.baton.support.WsClient;
import io.temporal.worker.WorkerFactory;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "baton.roles=worker")
class WorkerOnlyNodeTest extends IntegrationTest {

    @Autowired
    WorkerFactory workerFactory;

    @Test
    void answersNotFoundForTheApi() {
        var sessions = admin.get("/api/v1/sessions");
        assertThat(sessions.status()).isEqualTo(404);
        assertThat(sessions.isProblem()).isTrue();
        assertThat(sessions.json().path("detail").asString()).contains("api role");
        assertThat(admin.as("bat_wrong").get("/api/v1/users/me").status()).isEqualTo(404);
        assertThatThrownBy(() -> WsClient.connect(admin, "/ws/sessions/" + UUID.randomUUID()))
                .hasStackTraceContaining("404");
    }

    @Test
    void servesActuator() {
        assertThat(admin.get("/actuator/health/liveness").status()).isEqualTo(200);
    }

    @Test
    void startsTheTemporalWorker() {
        assertThat(workerFactory.isStarted()).isTrue();
    }
}
