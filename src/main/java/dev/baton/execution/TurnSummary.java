package dev.baton.execution;

import java.math.BigDecimal;

/** What a successful attempt returns to the workflow, and what the execution records. */
public record TurnSummary(int attempt, String response, BigDecimal costUsd, String usageJson, long durationMs,
        int numTurns, int messageCount) {
}
