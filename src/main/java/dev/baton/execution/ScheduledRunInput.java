package dev.baton.execution;

import java.util.Map;
import java.util.UUID;

/** One scheduled run of a task: which task, as whom, and the schedule's variables. */
public record ScheduledRunInput(UUID taskId, UUID userId, Map<String, String> variables) {
}
