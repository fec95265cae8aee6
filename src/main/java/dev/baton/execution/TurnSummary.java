package dev.baton.execution;

import java.math.BigDecimal;
import java.util.UUID;

/**
 * What a successful attempt returns to the workflow, and what the execution records; or, when {@code approvalId}
 * is set, that the turn stopped for a person's decision on a tool call, due by {@code approvalExpiresAtMillis}.
 */
public record TurnSummary(int attempt, String response, BigDecimal costUsd, String usageJson, long durationMs,
        int numTurns, int messageCount, UUID approvalId, long approvalExpiresAtMillis) {

    public TurnSummary(int attempt, String response, BigDecimal costUsd, String usageJson, long durationMs,
            int numTurns, int messageCount) {
        this(attempt, response, costUsd, usageJson, durationMs, numTurns, messageCount, null, 0);
    }

    static TurnSummary awaiting(int attempt, UUID approvalId, long expiresAtMillis) {
        return new TurnSummary(attempt, null, null, null, 0, 0, 0, approvalId, expiresAtMillis);
    }
}
