package dev.baton.archive;

import com.google.protobuf.Timestamp;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.common.converter.DataConverter;
import io.temporal.common.converter.DataConverterException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * What the archive records of a closed run, read from its history: the first event says what ran and for which
 * task execution (the {@code executionId} of its memo, which Baton sets on every execution's workflow), the last how
 * and when it closed.
 */
record ClosedRun(History history, String workflowType, String status, Instant startedAt, Instant closedAt,
        UUID executionId) {

    private static final String CLOSE_PREFIX = "EVENT_TYPE_WORKFLOW_EXECUTION_";

    /** Empty when the history does not end with the run's close. */
    static Optional<ClosedRun> of(History history) {
        if (history.getEventsCount() == 0 || !closes(history.getEvents(history.getEventsCount() - 1))) {
            return Optional.empty();
        }
        HistoryEvent first = history.getEvents(0);
        HistoryEvent last = history.getEvents(history.getEventsCount() - 1);
        var started = first.getWorkflowExecutionStartedEventAttributes();
        String status = last.getEventType().name().substring(CLOSE_PREFIX.length()).toLowerCase(Locale.ROOT);
        return Optional.of(new ClosedRun(history, started.getWorkflowType().getName(), status,
                instant(first.getEventTime()), instant(last.getEventTime()),
                executionId(started.getMemo().getFieldsMap().get("executionId"))));
    }

    private static boolean closes(HistoryEvent event) {
        return switch (event.getEventType()) {
            case EVENT_TYPE_WORKFLOW_EXECUTION_COMPLETED, EVENT_TYPE_WORKFLOW_EXECUTION_FAILED,
                 EVENT_TYPE_WORKFLOW_EXECUTION_CANCELED, EVENT_TYPE_WORKFLOW_EXECUTION_TERMINATED,
                 EVENT_TYPE_WORKFLOW_EXECUTION_TIMED_OUT, EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW -> true;
            default -> false;
        };
    }

    private static UUID executionId(Payload memo) {
        if (memo == null) {
            return null;
        }
        try {
            return UUID.fromString(DataConverter.getDefaultInstance().fromPayload(memo, String.class, String.class));
        } catch (DataConverterException | IllegalArgumentException notOurs) {
            return null;
        }
    }

    private static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
