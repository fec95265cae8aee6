package dev.baton.execution;

import com.google.protobuf.Timestamp;
import io.temporal.api.history.v1.HistoryEvent;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns Temporal's event history into a compact JSON list: id, time, type and the attributes people look for. */
final class HistoryEvents {

    record Event(long eventId, Instant time, String type, Map<String, Object> attributes) {
    }

    private HistoryEvents() {
    }

    static List<Event> of(List<HistoryEvent> events) {
        return events.stream().map(HistoryEvents::of).toList();
    }

    static Event of(HistoryEvent e) {
        String type = e.getEventType().name().replaceFirst("^EVENT_TYPE_", "").toLowerCase(Locale.ROOT);
        return new Event(e.getEventId(), instant(e.getEventTime()), type, attributes(e));
    }

    private static Map<String, Object> attributes(HistoryEvent e) {
        Map<String, Object> a = new LinkedHashMap<>();
        switch (e.getAttributesCase()) {
            case WORKFLOW_EXECUTION_STARTED_EVENT_ATTRIBUTES -> {
                var s = e.getWorkflowExecutionStartedEventAttributes();
                a.put("workflowType", s.getWorkflowType().getName());
                a.put("taskQueue", s.getTaskQueue().getName());
                a.put("attempt", s.getAttempt());
            }
            case ACTIVITY_TASK_SCHEDULED_EVENT_ATTRIBUTES -> {
                var s = e.getActivityTaskScheduledEventAttributes();
                a.put("activityType", s.getActivityType().getName());
                a.put("activityId", s.getActivityId());
                a.put("startToCloseTimeoutSeconds", s.getStartToCloseTimeout().getSeconds());
                a.put("heartbeatTimeoutSeconds", s.getHeartbeatTimeout().getSeconds());
                a.put("maximumAttempts", s.getRetryPolicy().getMaximumAttempts());
            }
            case ACTIVITY_TASK_STARTED_EVENT_ATTRIBUTES -> {
                var s = e.getActivityTaskStartedEventAttributes();
                a.put("attempt", s.getAttempt());
                a.put("identity", s.getIdentity());
                if (s.hasLastFailure()) {
                    a.put("lastFailure", s.getLastFailure().getMessage());
                }
            }
            case ACTIVITY_TASK_FAILED_EVENT_ATTRIBUTES -> {
                var s = e.getActivityTaskFailedEventAttributes();
                a.put("failure", s.getFailure().getMessage());
                a.put("failureType", s.getFailure().getApplicationFailureInfo().getType());
                a.put("retryState", s.getRetryState().name());
            }
            case ACTIVITY_TASK_TIMED_OUT_EVENT_ATTRIBUTES -> {
                var s = e.getActivityTaskTimedOutEventAttributes();
                // The server leaves the message empty (or says only "activity StartToClose timeout"): say it plainly.
                var timeout = s.getFailure().getTimeoutFailureInfo().getTimeoutType();
                a.put("failure", TimeoutSentences.of(timeout, null));
                a.put("timeoutType", timeout.name().replaceFirst("^TIMEOUT_TYPE_", "").toLowerCase(Locale.ROOT));
                a.put("retryState", s.getRetryState().name());
            }
            case WORKFLOW_EXECUTION_FAILED_EVENT_ATTRIBUTES ->
                    a.put("failure", e.getWorkflowExecutionFailedEventAttributes().getFailure().getMessage());
            case WORKFLOW_EXECUTION_SIGNALED_EVENT_ATTRIBUTES ->
                    a.put("signalName", e.getWorkflowExecutionSignaledEventAttributes().getSignalName());
            case WORKFLOW_EXECUTION_CANCEL_REQUESTED_EVENT_ATTRIBUTES ->
                    a.put("cause", e.getWorkflowExecutionCancelRequestedEventAttributes().getCause());
            default -> {
            }
        }
        return a;
    }

    private static Instant instant(Timestamp t) {
        return Instant.ofEpochSecond(t.getSeconds(), t.getNanos());
    }
}
