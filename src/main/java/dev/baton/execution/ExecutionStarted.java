package dev.baton.execution;

import java.util.UUID;

/**
 * An execution left the queue: its first attempt began. Retries of a running execution raise nothing. Published
 * inside the transaction that recorded the move, so listeners after commit see only moves that happened.
 */
public record ExecutionStarted(UUID executionId, TriggerType trigger) {
}
