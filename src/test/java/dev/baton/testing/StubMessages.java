package dev.baton.testing;

import java.util.List;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Builds the Messages API wire format for one answer: the complete message for {@code stream:false}
 * and the equivalent SSE event sequence for {@code stream:true}. Both carry the same id, content and
 * usage, so a client that falls back from streaming to plain JSON sees the same message.
 */
final class StubMessages {

    static final JsonMapper JSON = JsonMapper.shared();

    /** Fixed and small: tests care that usage is present and consistent, not about its size. */
    private static final int INPUT_TOKENS = 10;

    record SseEvent(String name, ObjectNode data) {
        String frame() {
            return "event: " + name + "\ndata: " + JSON.writeValueAsString(data) + "\n\n";
        }
    }

    private StubMessages() {
    }

    static ObjectNode completeMessage(String id, String model, StubReply.Answer answer) {
        ObjectNode message = messageShell(id, model);
        message.putArray("content").add(completeBlock(id, answer));
        message.put("stop_reason", stopReason(answer));
        message.putObject("usage").put("input_tokens", INPUT_TOKENS).put("output_tokens", outputTokens(answer));
        return message;
    }

    static List<SseEvent> streamEvents(String id, String model, StubReply.Answer answer) {
        ObjectNode start = messageStart(id, model);

        ObjectNode blockStart = JSON.createObjectNode().put("type", "content_block_start").put("index", 0);
        blockStart.set("content_block", emptyBlock(id, answer));

        ObjectNode blockDelta = JSON.createObjectNode().put("type", "content_block_delta").put("index", 0);
        blockDelta.set("delta", delta(answer));

        ObjectNode blockStop = JSON.createObjectNode().put("type", "content_block_stop").put("index", 0);

        ObjectNode messageDelta = JSON.createObjectNode().put("type", "message_delta");
        messageDelta.putObject("delta").put("stop_reason", stopReason(answer)).putNull("stop_sequence");
        messageDelta.putObject("usage").put("output_tokens", outputTokens(answer));

        ObjectNode stop = JSON.createObjectNode().put("type", "message_stop");
        return List.of(
                new SseEvent("message_start", start),
                new SseEvent("content_block_start", blockStart),
                new SseEvent("content_block_delta", blockDelta),
                new SseEvent("content_block_stop", blockStop),
                new SseEvent("message_delta", messageDelta),
                new SseEvent("message_stop", stop));
    }

    /** message_start followed by an SSE error event: the shape of a stream the API gives up on. */
    static List<SseEvent> brokenStreamEvents(String id, String model, String errorType, String message) {
        return List.of(new SseEvent("message_start", messageStart(id, model)), new SseEvent("error", error(errorType, message)));
    }

    static ObjectNode error(String errorType, String message) {
        ObjectNode body = JSON.createObjectNode().put("type", "error");
        body.putObject("error").put("type", errorType).put("message", message);
        return body;
    }

    private static ObjectNode messageStart(String id, String model) {
        ObjectNode shell = messageShell(id, model);
        shell.putArray("content");
        shell.putNull("stop_reason");
        shell.putObject("usage").put("input_tokens", INPUT_TOKENS).put("output_tokens", 1);
        ObjectNode start = JSON.createObjectNode().put("type", "message_start");
        start.set("message", shell);
        return start;
    }

    private static ObjectNode messageShell(String id, String model) {
        ObjectNode message = JSON.createObjectNode()
                .put("id", id)
                .put("type", "message")
                .put("role", "assistant")
                .put("model", model);
        message.putNull("stop_sequence");
        return message;
    }

    private static ObjectNode completeBlock(String messageId, StubReply.Answer answer) {
        ObjectNode block = emptyBlock(messageId, answer);
        switch (answer) {
            case StubReply.Text text -> block.put("text", text.text());
            case StubReply.ToolUse toolUse -> block.set("input", toolUse.input());
        }
        return block;
    }

    /** The block as content_block_start announces it: the content itself follows in one delta. */
    private static ObjectNode emptyBlock(String messageId, StubReply.Answer answer) {
        return switch (answer) {
            case StubReply.Text ignored -> JSON.createObjectNode().put("type", "text").put("text", "");
            case StubReply.ToolUse toolUse -> {
                ObjectNode block = JSON.createObjectNode()
                        .put("type", "tool_use")
                        .put("id", toolUseId(messageId))
                        .put("name", toolUse.toolName());
                block.putObject("input");
                yield block;
            }
        };
    }

    private static ObjectNode delta(StubReply.Answer answer) {
        return switch (answer) {
            case StubReply.Text text -> JSON.createObjectNode().put("type", "text_delta").put("text", text.text());
            case StubReply.ToolUse toolUse -> JSON.createObjectNode()
                    .put("type", "input_json_delta")
                    .put("partial_json", JSON.writeValueAsString(toolUse.input()));
        };
    }

    /** Derived from the message id so that the tool_result of the next request can be traced back to it. */
    private static String toolUseId(String messageId) {
        return "toolu_" + messageId.replace("msg_", "");
    }

    private static String stopReason(StubReply.Answer answer) {
        return answer instanceof StubReply.ToolUse ? "tool_use" : "end_turn";
    }

    private static int outputTokens(StubReply.Answer answer) {
        String content = switch (answer) {
            case StubReply.Text text -> text.text();
            case StubReply.ToolUse toolUse -> toolUse.toolName() + toolUse.input();
        };
        return Math.max(1, content.length() / 4);
    }
}
