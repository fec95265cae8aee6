package dev.baton.execution;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.RetryState;
import io.temporal.api.enums.v1.TimeoutType;
import io.temporal.api.failure.v1.Failure;
import io.temporal.api.failure.v1.TimeoutFailureInfo;
import io.temporal.api.history.v1.ActivityTaskTimedOutEventAttributes;
import io.temporal.api.history.v1.HistoryEvent;
import org.junit.jupiter.api.Test;

class HistoryEventsTest {

    @Test
    void aTimedOutAttemptSaysInPlainWordsWhatRanOut() {
        // As the test server records it: a timeout failure with an empty message.
        HistoryEvent timedOut = HistoryEvent.newBuilder().setEventId(7)
                .setEventType(EventType.EVENT_TYPE_ACTIVITY_TASK_TIMED_OUT)
                .setActivityTaskTimedOutEventAttributes(ActivityTaskTimedOutEventAttributes.newBuilder()
                        .setFailure(Failure.newBuilder().setMessage("").setTimeoutFailureInfo(
                                TimeoutFailureInfo.newBuilder().setTimeoutType(TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE)))
                        .setRetryState(RetryState.RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED))
                .build();

        HistoryEvents.Event event = HistoryEvents.of(timedOut);

        assertThat(event.type()).isEqualTo("activity_task_timed_out");
        assertThat(event.attributes()).containsEntry("timeoutType", "start_to_close")
                .containsEntry("retryState", "RETRY_STATE_MAXIMUM_ATTEMPTS_REACHED");
        assertThat(event.attributes().get("failure")).asString().contains("timeoutSeconds", "raise")
                .doesNotContain("start_to_close");
    }

    @Test
    void everyTimeoutKindNamesWhatToDo() {
        for (TimeoutType type : new TimeoutType[] {TimeoutType.TIMEOUT_TYPE_START_TO_CLOSE,
                TimeoutType.TIMEOUT_TYPE_HEARTBEAT, TimeoutType.TIMEOUT_TYPE_SCHEDULE_TO_START}) {
            assertThat(TimeoutSentences.of(type, 30L)).contains("30 s").containsAnyOf("raise", "check");
        }
    }
}
