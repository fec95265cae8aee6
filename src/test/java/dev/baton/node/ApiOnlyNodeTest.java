package dev.baton.node;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.support.IntegrationTest;
import io.temporal.worker.WorkerFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

@TestPropertySource(properties = "baton.roles=api")
class ApiOnlyNodeTest extends IntegrationTest {

    @Autowired
    WorkerFactory workerFactory;

    @Test
    void servesTheApi() {
        var me = admin.get("/api/v1/users/me");
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().path("username").asString()).isNotBlank();
    }

    @Test
    void startsNoTemporalWorker() {
        assertThat(workerFactory.isStarted()).isFalse();
    }

    @Test
    void isReadyWithoutAWorkerBecauseItHasNoWorkerRole() {
        var readiness = admin.get("/actuator/health/readiness");

        assertThat(readiness.status()).as(readiness.toString()).isEqualTo(200);
        assertThat(readiness.json().path("components").path("temporalWorker").path("details").path("polling").asBoolean())
                .isFalse();
    }
}
