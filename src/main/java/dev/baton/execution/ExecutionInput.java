package dev.baton.execution;

import java.util.UUID;

/**
 * The workflow's argument: identifiers and the retry and timeout policy only. The prompt and settings stay in
 * PostgreSQL, read by activities, so the workflow history holds nothing a user would not want in it.
 */
public record ExecutionInput(UUID executionId, UUID taskId, UUID userId, String triggerType, int timeoutSeconds,
        int maxAttempts, int initialIntervalSeconds, double backoffCoefficient, int maximumIntervalSeconds,
        int heartbeatTimeoutSeconds, int bookkeepingTimeoutSeconds) {
}
