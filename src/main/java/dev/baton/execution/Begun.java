package dev.baton.execution;

import java.util.UUID;

/**
 * What {@link ExecutionActivities#begin} returns.
 *
 * @param sessionId the execution's own session
 * @param slotHeld whether the execution holds a turn slot of the fair-share queue
 */
public record Begun(UUID sessionId, boolean slotHeld) {
}
