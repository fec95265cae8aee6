package dev.baton.schedule;

import java.util.UUID;

/** Which task a schedule runs, and as whom. */
public record ScheduledTask(UUID taskId, UUID userId, String taskName) {
}
