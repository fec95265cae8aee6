package dev.baton.webhook;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.TimeoutFailure;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.UUID;

/**
 * No I/O, clock or randomness here: the activities read and write PostgreSQL and make the HTTP calls, and the
 * attempts' back-off is Temporal's retry of the {@code attempt} activity, each failure naming its own delay.
 */
public class WebhookDeliveryWorkflowImpl implements WebhookDeliveryWorkflow {

    /** How long a delivery first waits for an earlier event of its execution, doubling up to {@link #MAX_WAIT}. */
    static final Duration FIRST_WAIT = Duration.ofSeconds(1);
    static final Duration MAX_WAIT = Duration.ofMinutes(1);
    /** Beyond the give-up time: room for the last attempt before Temporal ends the attempts itself. */
    static final Duration LAST_ATTEMPT_ROOM = Duration.ofMinutes(5);
    /** Waits per run: a day's wait behind a failing predecessor would otherwise grow a long history. */
    static final int WAITS_PER_RUN = 200;

    @Override
    public void deliver(DeliveryInput input) {
        UUID deliveryId = input.deliveryId();
        DeliveryActivities bookkeeping = Workflow.newActivityStub(DeliveryActivities.class,
                ActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(30))
                        // Reading and recording state must eventually succeed; a database outage only delays it.
                        .setRetryOptions(RetryOptions.newBuilder()
                                .setInitialInterval(Duration.ofSeconds(1))
                                .setMaximumInterval(Duration.ofMinutes(1))
                                .build())
                        .build());
        Duration wait = FIRST_WAIT;
        int waits = 0;
        for (var turn = bookkeeping.turn(deliveryId); turn != DeliveryActivities.Turn.SEND;
                turn = bookkeeping.turn(deliveryId)) {
            if (turn == DeliveryActivities.Turn.DONE) {
                return;
            }
            if (++waits > WAITS_PER_RUN) {
                Workflow.continueAsNew(input);
            }
            Workflow.sleep(wait);
            wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
        }
        DeliveryActivities http = Workflow.newActivityStub(DeliveryActivities.class, attemptOptions(input));
        try {
            http.attempt(deliveryId);
        } catch (ActivityFailure failure) {
            bookkeeping.giveUp(deliveryId, failure.getCause() instanceof TimeoutFailure
                    ? "gave up: no attempt succeeded within " + Duration.ofSeconds(input.giveUpAfterSeconds())
                    : "gave up: " + failure.getCause().getMessage());
        }
    }

    /**
     * Attempts retry without a cap on their number. The activity gives up by itself once the next attempt would
     * come after {@code giveUpAfter}; the schedule-to-close timeout is only the backstop should it not get to.
     */
    private static ActivityOptions attemptOptions(DeliveryInput input) {
        return ActivityOptions.newBuilder()
                .setStartToCloseTimeout(Duration.ofSeconds(input.attemptTimeoutSeconds()))
                .setScheduleToCloseTimeout(Duration.ofSeconds(input.giveUpAfterSeconds()).plus(LAST_ATTEMPT_ROOM))
                .setRetryOptions(RetryOptions.newBuilder()
                        .setInitialInterval(Duration.ofSeconds(input.initialIntervalSeconds()))
                        .setMaximumInterval(Duration.ofSeconds(input.maximumIntervalSeconds()))
                        .setBackoffCoefficient(2.0)
                        .build())
                .build();
    }
}
