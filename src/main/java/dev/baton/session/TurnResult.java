package dev.baton.session;

import java.math.BigDecimal;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/**
 * How a turn ended: the body of a REST query's answer and of the WebSocket's final frame.
 *
 * @param response the final text, or null when Claude gave none
 * @param error null unless {@code isError}
 */
public record TurnResult(UUID sessionId, UUID turnId, String response, boolean isError, TurnError error,
        BigDecimal costUsd, long durationMs, int numTurns, JsonNode usage, int messageCount) {

    /**
     * {@code type} is a stable code such as {@code overloaded} or {@code cli_crashed}; it drives retries.
     * {@code message} says in Baton's words what happened and what to do; {@code cliMessage} is the CLI's own text
     * and {@code apiStatus} the Anthropic API's HTTP status, each null when there is none.
     */
    public record TurnError(String type, String message, boolean retryable, String cliMessage, Integer apiStatus) {
    }
}
