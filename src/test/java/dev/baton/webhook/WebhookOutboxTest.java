package dev.baton.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.baton.execution.ExecutionFinished;
import dev.baton.execution.ExecutionStatus;
import dev.baton.execution.ExecutionView;
import dev.baton.execution.TriggerType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox: an event exists exactly when the execution change that raised it committed, and a recorded event
 * whose workflow never started is delivered all the same.
 */
class WebhookOutboxTest extends WebhookTest {

    @Autowired
    private ApplicationEventPublisher events;

    @Autowired
    private PlatformTransactionManager transactions;

    @Autowired
    private DeliveryRepository deliveries;

    private UUID userId;
    private String webhookId;

    @BeforeEach
    void setUp() {
        userId = UUID.fromString(user.get("/api/v1/users/me").json().path("id").asString());
        webhookId = create(receiver.url("/hook"), List.of("execution.completed")).path("id").asString();
    }

    private ExecutionFinished completed(UUID executionId) {
        var view = new ExecutionView(executionId, UUID.randomUUID(), ExecutionStatus.COMPLETED, TriggerType.MANUAL, 1,
                null, "done", null, null, null, 5L, "execution-" + executionId, "run", List.of(), Instant.now(),
                Instant.now(), Instant.now(), null, null);
        return new ExecutionFinished(executionId, ExecutionStatus.COMPLETED, TriggerType.MANUAL, Duration.ZERO,
                userId, view);
    }

    @Test
    void anEventIsRecordedInTheTransactionOfTheChangeAndOnlyIfItCommits() {
        UUID rolledBack = UUID.randomUUID();
        new TransactionTemplate(transactions).executeWithoutResult(tx -> {
            events.publishEvent(completed(rolledBack));
            assertThat(deliveries(webhookId)).as("not visible before the commit").isEmpty();
            tx.setRollbackOnly();
        });
        assertThat(deliveries(webhookId)).isEmpty();
        assertThatThrownBy(() -> events.publishEvent(completed(UUID.randomUUID())))
                .as("an event outside a transaction would have no change to commit with")
                .isInstanceOf(IllegalTransactionStateException.class);

        UUID committed = UUID.randomUUID();
        new TransactionTemplate(transactions).executeWithoutResult(tx -> events.publishEvent(completed(committed)));

        var delivery = deliveries(webhookId).get(0);
        assertThat(delivery.path("executionId").asString()).isEqualTo(committed.toString());
        awaitFinished(webhookId, delivery.path("id").asString());
        assertThat(receiver.received()).hasSize(1);
        assertThat(receiver.received().getFirst().json().path("data").path("id").asString())
                .isEqualTo(committed.toString());
    }

    @Test
    void anEventWhoseWorkflowNeverStartedIsDeliveredByTheRecovery() {
        // What a node leaves behind when it dies between the commit and the start: a row, and no workflow.
        var orphan = new WebhookDelivery(UUID.fromString(webhookId), "evt_orphan" + UUID.randomUUID().toString()
                .substring(0, 8), WebhookEventType.TEST, null, "{\"orphan\":true}", Instant.now().minusSeconds(60));
        deliveries.saveAndFlush(orphan);

        await().atMost(Duration.ofSeconds(60)).until(() -> delivery(webhookId, orphan.id().toString())
                .path("status").asString().equals("delivered"));

        assertThat(receiver.received(orphan.eventId())).hasSize(1)
                .allSatisfy(r -> assertThat(r.body()).isEqualTo("{\"orphan\":true}"));
    }
}
