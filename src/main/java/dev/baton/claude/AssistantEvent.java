package dev.baton.claude;

import tools.jackson.databind.JsonNode;

/**
 * An {@code assistant} line. The CLI writes one line per content block, so a line usually carries either
 * text or a single {@code tool_use}.
 *
 * <p>An API error arrives as a synthetic assistant line: {@code apiErrorMessage} is then true and
 * {@code error} holds the CLI's reason ({@code authentication_failed}, {@code rate_limit},
 * {@code server_error}, ...).
 *
 * @param toolInput the {@code tool_use} block's input, or null
 */
record AssistantEvent(String text, String toolName, JsonNode toolInput, String sessionId,
        boolean apiErrorMessage, String error, Integer apiErrorStatus, JsonNode raw) implements ClaudeEvent {

    @Override
    public String type() {
        return "assistant";
    }

    @Override
    public String subtype() {
        return null;
    }
}
