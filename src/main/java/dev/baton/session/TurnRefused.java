package dev.baton.session;

import java.util.UUID;

/** A turn was refused before any CLI started; the caller got 429 or 503 (or the activity a retryable failure). */
public record TurnRefused(UUID sessionId, Reason reason) {

    public enum Reason {
        /** Every CLI slot on this node was busy (baton.claude.max-concurrent). */
        CAPACITY,
        /** The CLI could not be found or launched. */
        CLI_UNAVAILABLE,
        /** The working directory of a session that has had turns is missing on this node (HTTP 503). */
        WORKSPACE_UNAVAILABLE,
        /** The user's spend this month reached their monthlyBudgetUsd (HTTP 402, or a failed execution). */
        BUDGET_EXHAUSTED,
        /** The user already ran maxConcurrentTurns turns (HTTP 429). */
        USER_CONCURRENCY
    }
}
