package dev.baton.session;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.baton.approval.ApprovalView;
import dev.baton.claude.FailureType;
import java.util.Map;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The WebSocket frame shapes, all JSON objects with a {@code type}:
 * <ul>
 *   <li>{@code {"type":"message","sequence":n,"message":{...the CLI's raw message...}}}</li>
 *   <li>{@code {"type":"result", ...the same fields as a REST query's answer...}} when a turn succeeds</li>
 *   <li>{@code {"type":"error","error":{"type":..,"message":..}, ...}} when a turn fails or a frame is refused</li>
 *   <li>{@code {"type":"approval_request", ...the approval...}} when a tool call waits for a decision, and
 *       {@code {"type":"approval_decision", ...}} once it is decided or expired</li>
 * </ul>
 */
final class Frames {

    private final ObjectMapper json;

    Frames(ObjectMapper json) {
        this.json = json;
    }

    record MessageFrame(String type, long sequence, String messageType, @JsonRawValue String message) {
    }

    String of(SessionEvent event) {
        return switch (event) {
            case SessionEvent.Message(MessageView m) ->
                    json.writeValueAsString(new MessageFrame("message", m.sequence(), m.type(), m.message()));
            case SessionEvent.TurnFinished(TurnResult r) -> turn(r);
            case SessionEvent.Approval(String type, ApprovalView a) -> approval(type, a);
        };
    }

    private String approval(String type, ApprovalView approval) {
        ObjectNode frame = json.createObjectNode().put("type", type);
        frame.setAll((ObjectNode) json.valueToTree(approval));
        return frame.toString();
    }

    private String turn(TurnResult r) {
        ObjectNode frame = json.createObjectNode().put("type", r.isError() ? "error" : "result");
        frame.setAll((ObjectNode) json.valueToTree(r));
        return frame.toString();
    }

    /** An error frame whose type is the failure's code. */
    String error(FailureType failure, String message) {
        return json.writeValueAsString(Map.of("type", "error", "error", Map.of("type", failure.code(),
                "message", message)));
    }

    String pong() {
        return "{\"type\":\"pong\"}";
    }
}
