package dev.baton.claude;

import tools.jackson.databind.JsonNode;

/**
 * A {@code system} line: {@code init} (session id, model, tools), {@code api_retry}, {@code permission_denied}
 * and others. {@code text} is the denial message of a {@code permission_denied} line, otherwise null.
 */
public record SystemEvent(String subtype, String sessionId, String toolName, String text, JsonNode raw)
        implements ClaudeEvent {

    @Override
    public String type() {
        return "system";
    }
}
