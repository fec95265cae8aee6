package dev.baton.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.temporal.activity.ActivityOptions;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.failure.ApplicationErrorCategory;
import io.temporal.failure.ApplicationFailure;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.NonDeterministicException;
import io.temporal.worker.Worker;
import io.temporal.workflow.Workflow;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The delivery workflow against scripted activities on Temporal's time-skipping test server, and a recorded history
 * (a wait for an earlier event, a failed attempt, a delivered one) replayed against the current code, so that a
 * change that would break running deliveries fails here first. To record it again after an intentional, versioned
 * change: {@code ./mvnw test -Dtest=WebhookDeliveryWorkflowTest -DrecordHistory=true -Dclaude.cli.skipInstall=true}.
 */
class WebhookDeliveryWorkflowTest {

    static final String HISTORY = "histories/webhook-delivery-wait-retry-deliver.json";

    private static final String TASK_QUEUE = "webhook-delivery-test";
    private static final UUID DELIVERY = UUID.fromString("de000000-0000-4000-8000-000000000001");

    private final Scripted activities = new Scripted();
    private TestWorkflowEnvironment env;
    private WorkflowClient client;

    @BeforeEach
    void startWorker() {
        env = TestWorkflowEnvironment.newInstance();
        Worker worker = env.newWorker(TASK_QUEUE);
        worker.registerWorkflowImplementationTypes(WebhookDeliveryWorkflowImpl.class);
        worker.registerActivitiesImplementations(activities);
        env.start();
        client = env.getWorkflowClient();
    }

    @AfterEach
    void stop() {
        env.close();
    }

    /** Answers {@code turn} from a script, and fails {@code attempt} with the given delays before it succeeds. */
    static final class Scripted implements DeliveryActivities {

        final List<Turn> turns = Collections.synchronizedList(new ArrayList<>());
        final List<Duration> failAttemptsWith = Collections.synchronizedList(new ArrayList<>());
        final List<Long> attemptTimes = Collections.synchronizedList(new ArrayList<>());
        final List<String> gaveUp = Collections.synchronizedList(new ArrayList<>());
        final AtomicInteger turnCalls = new AtomicInteger();
        volatile boolean failForever;
        volatile java.util.function.LongSupplier clock;

        @Override
        public Turn turn(UUID deliveryId) {
            turnCalls.incrementAndGet();
            return turns.isEmpty() ? Turn.SEND : turns.removeFirst();
        }

        @Override
        public void attempt(UUID deliveryId) {
            attemptTimes.add(clock.getAsLong());
            if (failForever || !failAttemptsWith.isEmpty()) {
                Duration delay = failForever ? Duration.ofHours(1) : failAttemptsWith.removeFirst();
                throw ApplicationFailure.newBuilder().setMessage("HTTP 503").setType(DeliveryActivitiesImpl.RETRYABLE)
                        .setNextRetryDelay(delay).setCategory(ApplicationErrorCategory.BENIGN).build();
            }
        }

        @Override
        public void giveUp(UUID deliveryId, String reason) {
            gaveUp.add(reason);
        }
    }

    private void run(long giveUpAfterSeconds) {
        activities.clock = env::currentTimeMillis;
        client.newWorkflowStub(WebhookDeliveryWorkflow.class, WorkflowOptions.newBuilder().setTaskQueue(TASK_QUEUE)
                .setWorkflowId(DeliveryDispatcher.workflowId(DELIVERY)).build())
                .deliver(new DeliveryInput(DELIVERY, 10, 3600, giveUpAfterSeconds, 30));
    }

    @Test
    void waitsWhileAnEarlierEventOfTheExecutionIsOnItsWayThenSends() {
        activities.turns.addAll(List.of(DeliveryActivities.Turn.WAIT, DeliveryActivities.Turn.WAIT,
                DeliveryActivities.Turn.WAIT, DeliveryActivities.Turn.SEND));
        long start = env.currentTimeMillis();

        run(86_400);

        assertThat(activities.turnCalls.get()).isEqualTo(4);
        assertThat(activities.attemptTimes).hasSize(1);
        // Waited 1 s, 2 s and 4 s before it was its turn.
        assertThat(activities.attemptTimes.getFirst() - start).isGreaterThanOrEqualTo(7_000);
        assertThat(activities.gaveUp).isEmpty();
    }

    @Test
    void sendsNothingWhenTheDeliveryIsNoLongerPending() {
        activities.turns.add(DeliveryActivities.Turn.DONE);

        run(86_400);

        assertThat(activities.attemptTimes).isEmpty();
    }

    @Test
    void eachRetryComesAfterTheDelayTheFailedAttemptNamed() {
        activities.failAttemptsWith.addAll(List.of(Duration.ofMinutes(7), Duration.ofSeconds(30)));

        run(86_400);

        assertThat(activities.attemptTimes).hasSize(3);
        assertThat(activities.attemptTimes.get(1) - activities.attemptTimes.get(0)).isGreaterThanOrEqualTo(420_000);
        assertThat(activities.attemptTimes.get(2) - activities.attemptTimes.get(1)).isBetween(30_000L, 419_000L);
        assertThat(activities.gaveUp).isEmpty();
    }

    @Test
    void replaysTheRecordedHistory() throws Exception {
        WorkflowReplayer.replayWorkflowExecution(history(), WebhookDeliveryWorkflowImpl.class);
    }

    @Test
    void rejectsAnImplementationThatSendsWithoutWaitingForItsTurn() {
        assertThatThrownBy(() -> WorkflowReplayer.replayWorkflowExecution(history(), Impatient.class))
                .hasMessageContaining(NonDeterministicException.class.getName())
                .hasMessageContaining("WebhookDeliveryAttempt");
    }

    /** Records {@link #HISTORY} into src/test/resources; run only on request. */
    @Test
    @EnabledIfSystemProperty(named = "recordHistory", matches = "true")
    void recordHistory() throws IOException {
        activities.turns.add(DeliveryActivities.Turn.WAIT);
        activities.failAttemptsWith.add(Duration.ofSeconds(10));

        run(86_400);

        Path file = Path.of("src/test/resources", HISTORY);
        Files.createDirectories(file.getParent());
        Files.writeString(file, client.fetchHistory(DeliveryDispatcher.workflowId(DELIVERY)).toJson(true));
    }

    private static String history() {
        try (InputStream in = WebhookDeliveryWorkflowTest.class.getClassLoader().getResourceAsStream(HISTORY)) {
            assertThat(in).as(HISTORY).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sends at once, skipping the check for an earlier event: what a careless refactoring might do. */
    public static class Impatient implements WebhookDeliveryWorkflow {

        @Override
        public void deliver(DeliveryInput input) {
            Workflow.newActivityStub(DeliveryActivities.class, ActivityOptions.newBuilder()
                    .setStartToCloseTimeout(Duration.ofSeconds(30)).build()).attempt(input.deliveryId());
        }
    }

    @Test
    void attemptsThatNeverEndTheDeliveryAreGivenUpAfterTheRetryTime() {
        activities.failForever = true;

        run(3 * 3600);

        assertThat(activities.gaveUp).singleElement().asString().startsWith("gave up");
        assertThat(activities.attemptTimes.size()).isBetween(3, 4);
    }
}
