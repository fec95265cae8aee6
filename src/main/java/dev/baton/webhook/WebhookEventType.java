package dev.baton.webhook;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import dev.baton.execution.ExecutionStatus;
import java.util.Arrays;
import java.util.List;

/**
 * What a webhook can be told about. A new kind of event is one constant here and a listener that records it (see
 * {@link WebhookOutbox}); {@code webhook.test} is sent on request only, never subscribed to.
 */
enum WebhookEventType {
    EXECUTION_STARTED("execution.started"),
    EXECUTION_COMPLETED("execution.completed"),
    EXECUTION_FAILED("execution.failed"),
    EXECUTION_CANCELLED("execution.cancelled"),
    EXECUTION_TIMED_OUT("execution.timed_out"),
    APPROVAL_REQUESTED("approval.requested"),
    TEST("webhook.test");

    private final String name;

    WebhookEventType(String name) {
        this.name = name;
    }

    @JsonValue
    public String jsonValue() {
        return name;
    }

    /** Unknown names fail here, so the API answers 400 naming {@code events} and listing these. */
    @JsonCreator
    static WebhookEventType fromJson(String value) {
        return Arrays.stream(values()).filter(t -> t.name.equals(value) && t.subscribable()).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("'" + value + "' is not an event type; expected "
                        + subscribableNames()));
    }

    boolean subscribable() {
        return this != TEST;
    }

    static List<String> subscribableNames() {
        return Arrays.stream(values()).filter(WebhookEventType::subscribable).map(WebhookEventType::jsonValue).toList();
    }

    static WebhookEventType of(String name) {
        return Arrays.stream(values()).filter(t -> t.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown event type " + name));
    }

    static WebhookEventType finished(ExecutionStatus status) {
        return switch (status) {
            case COMPLETED -> EXECUTION_COMPLETED;
            case FAILED -> EXECUTION_FAILED;
            case CANCELLED -> EXECUTION_CANCELLED;
            case TIMED_OUT -> EXECUTION_TIMED_OUT;
            case QUEUED, RUNNING, AWAITING_APPROVAL -> throw new IllegalArgumentException(status + " is not a terminal status");
        };
    }
}
