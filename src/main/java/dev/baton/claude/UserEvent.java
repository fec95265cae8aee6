package dev.baton.claude;

import tools.jackson.databind.JsonNode;

/**
 * A {@code user} line. In a headless turn these carry tool results; {@code text} is the tool result's
 * content as text, and {@code toolResultError} is true when the tool failed or was denied.
 */
record UserEvent(String text, boolean toolResultError, String sessionId, JsonNode raw) implements ClaudeEvent {

    @Override
    public String type() {
        return "user";
    }

    @Override
    public String subtype() {
        return null;
    }

    @Override
    public String toolName() {
        return null;
    }
}
