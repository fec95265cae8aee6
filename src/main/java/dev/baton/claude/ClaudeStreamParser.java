package dev.baton.claude;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns one stream-json line into a {@link ClaudeEvent}.
 *
 * <p>Unknown fields are ignored and unknown types become {@link OtherEvent}, because the CLI adds fields and
 * line types between versions. A line that is blank, not JSON, or JSON but not an object yields
 * {@code null}: the caller skips it rather than failing the turn.
 */
final class ClaudeStreamParser {

    // Exact decimals so total_cost_usd keeps every digit the CLI printed.
    private static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();

    private ClaudeStreamParser() {
    }

    /** @return the event, or null when the line is not a JSON object */
    public static ClaudeEvent parse(String line) {
        if (line == null || line.isBlank()) {
            return null;
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JacksonException notJson) {
            return null;
        }
        if (node == null || !node.isObject()) {
            return null;
        }
        String type = string(node, "type");
        return switch (type == null ? "" : type) {
            case "system" -> system(node);
            case "assistant" -> assistant(node);
            case "user" -> user(node);
            case "result" -> result(node);
            default -> new OtherEvent(type, string(node, "subtype"), node);
        };
    }

    private static SystemEvent system(JsonNode node) {
        String subtype = string(node, "subtype");
        String text = "permission_denied".equals(subtype) ? string(node, "message") : null;
        return new SystemEvent(subtype, string(node, "session_id"), string(node, "tool_name"), text, node);
    }

    private static AssistantEvent assistant(JsonNode node) {
        List<String> texts = new ArrayList<>();
        String toolName = null;
        JsonNode toolInput = null;
        for (JsonNode block : node.path("message").path("content").values()) {
            String blockType = string(block, "type");
            if ("text".equals(blockType)) {
                addIfPresent(texts, string(block, "text"));
            } else if ("tool_use".equals(blockType) && toolName == null) {
                toolName = string(block, "name");
                toolInput = block.get("input");
            }
        }
        return new AssistantEvent(join(texts), toolName, toolInput, string(node, "session_id"),
                node.path("is_api_error_message").asBoolean(false), string(node, "error"),
                integer(node, "api_error_status"), node);
    }

    private static UserEvent user(JsonNode node) {
        List<String> texts = new ArrayList<>();
        boolean toolError = false;
        JsonNode content = node.path("message").path("content");
        if (content.isString()) {
            addIfPresent(texts, content.stringValue());
        }
        for (JsonNode block : content.values()) {
            String blockType = string(block, "type");
            if ("tool_result".equals(blockType)) {
                toolError |= block.path("is_error").asBoolean(false);
                addIfPresent(texts, contentText(block.path("content")));
            } else if ("text".equals(blockType)) {
                addIfPresent(texts, string(block, "text"));
            }
        }
        return new UserEvent(join(texts), toolError, string(node, "session_id"), node);
    }

    private static ResultEvent result(JsonNode node) {
        List<String> errors = new ArrayList<>();
        for (JsonNode error : node.path("errors").values()) {
            addIfPresent(errors, error.isString() ? error.stringValue() : error.toString());
        }
        JsonNode cost = node.path("total_cost_usd");
        JsonNode usage = node.get("usage");
        return new ResultEvent(string(node, "subtype"), node.path("is_error").asBoolean(false),
                string(node, "result"), errors, node.path("num_turns").asInt(0), string(node, "session_id"),
                node.path("duration_ms").asLong(0), cost.isNumber() ? cost.decimalValue() : null,
                usage == null || usage.isNull() ? null : usage, string(node, "terminal_reason"),
                integer(node, "api_error_status"), node);
    }

    /** A tool_result's content is either a string or a list of blocks, of which we keep the text ones. */
    private static String contentText(JsonNode content) {
        if (content.isString()) {
            return content.stringValue();
        }
        List<String> texts = new ArrayList<>();
        for (JsonNode block : content.values()) {
            addIfPresent(texts, string(block, "text"));
        }
        return join(texts);
    }

    static String string(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull() || value.isMissingNode() || value.isContainer()) {
            return null;
        }
        return value.isString() ? value.stringValue() : value.asString();
    }

    static Integer integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isNumber() ? value.asInt() : null;
    }

    private static void addIfPresent(List<String> texts, String text) {
        if (text != null && !text.isEmpty()) {
            texts.add(text);
        }
    }

    private static String join(List<String> texts) {
        return texts.isEmpty() ? null : String.join("\n", texts);
    }
}
