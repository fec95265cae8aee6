package dev.baton.execution;

import java.time.Duration;
import java.util.UUID;

/**
 * An execution reached a terminal status, once per execution. Published inside the transaction that recorded it.
 *
 * @param runTime from the first attempt's start to the end; null when the execution ended before it started
 *        (cancelled while queued)
 * @param userId the execution's owner
 * @param execution the execution as {@code GET /api/v1/executions/{id}} shows it, in its terminal status
 */
public record ExecutionFinished(UUID executionId, ExecutionStatus status, TriggerType trigger, Duration runTime,
        UUID userId, ExecutionView execution) {
}
