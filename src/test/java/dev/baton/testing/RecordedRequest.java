package dev.baton.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import tools.jackson.databind.JsonNode;

/**
 * One Messages API call as {@link StubAnthropicApi} received it.
 *
 * @param path    the request target as sent, including the query string (the CLI sends {@code /v1/messages?beta=true})
 * @param headers header names in lower case; several values are joined with {@code ", "}; the
 *                credentials ({@code x-api-key}, {@code authorization}) are kept only as {@code "<redacted>"}
 *                so that a failing assertion never prints a key
 * @param body    the parsed JSON body, or a {@code NullNode} when the body was not JSON
 */
public record RecordedRequest(String path, Map<String, String> headers, JsonNode body) {

    /**
     * The CLI puts its own reminders (attribution, environment) into the user message as text blocks
     * in front of the prompt; they are not what the user typed.
     */
    private static final String SYSTEM_REMINDER = "<system-reminder>";

    public RecordedRequest {
        headers = Map.copyOf(headers);
    }

    /**
     * The text of the last {@code role:"user"} message: its string content, or its text blocks joined
     * with newlines, leaving out tool_result blocks and the CLI's {@code <system-reminder>} blocks.
     * {@code role:"system"} messages, which the CLI puts inside {@code messages}, are skipped. Empty when
     * the last user message carries only tool results.
     */
    public String lastUserText() {
        return lastUserMessage().map(RecordedRequest::textOf).orElse("");
    }

    /** Whether the last user message carries a tool_result block, i.e. this request continues a tool call. */
    public boolean hasToolResult() {
        return lastUserMessage()
                .map(message -> message.path("content").values().stream()
                        .anyMatch(block -> "tool_result".equals(block.path("type").asString(""))))
                .orElse(false);
    }

    /** The {@code stream} flag of the body; the CLI streams unless it is retrying after a broken stream. */
    public boolean streaming() {
        return body.path("stream").asBoolean(false);
    }

    private Optional<JsonNode> lastUserMessage() {
        List<JsonNode> messages = new ArrayList<>(body.path("messages").values());
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).path("role").asString(""))) {
                return Optional.of(messages.get(i));
            }
        }
        return Optional.empty();
    }

    private static String textOf(JsonNode message) {
        JsonNode content = message.path("content");
        if (content.isString()) {
            return content.asString();
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode block : content.values()) {
            String text = block.path("text").asString("");
            if ("text".equals(block.path("type").asString("")) && !text.startsWith(SYSTEM_REMINDER)) {
                texts.add(text);
            }
        }
        return String.join("\n", texts);
    }
}
