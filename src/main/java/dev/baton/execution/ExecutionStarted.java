package dev.baton.execution;

import java.util.UUID;

/**
 * An execution left the queue: its first attempt began. Retries of a running execution raise nothing. Published
 * inside the transaction that recorded the move, so listeners after commit see only moves that happened, and a
 * listener that writes in that transaction (the webhook outbox) commits or rolls back with the move.
 *
 * @param userId the execution's owner
 * @param execution the execution as {@code GET /api/v1/executions/{id}} shows it at this moment, without the live
 *        {@code progress} (which comes from a workflow query)
 */
public record ExecutionStarted(UUID executionId, TriggerType trigger, UUID userId, ExecutionView execution) {
}
