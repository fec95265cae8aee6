package dev.baton.session;

import dev.baton.claude.ClaudeEvent;
import dev.baton.claude.SystemEvent;
import java.util.UUID;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Persists one turn's messages in order, the moment each arrives; the insert's notification carries each to live
 * subscribers on every node. The lease on the session guarantees a single writer, so sequence numbers are counted
 * here rather than fetched per message.
 */
final class TurnRecorder {

    private final UUID sessionId;
    private final UUID turnId;
    private final SessionMessageRepository messages;
    private final Integer attempt;
    private final TurnOptions.TurnObserver observer;
    private long sequence;
    private int count;
    private String claudeSessionId;

    TurnRecorder(UUID sessionId, UUID turnId, Integer attempt, long lastSequence, SessionMessageRepository messages,
            TurnOptions.TurnObserver observer) {
        this.sessionId = sessionId;
        this.turnId = turnId;
        this.attempt = attempt;
        this.observer = observer;
        this.sequence = lastSequence;
        this.messages = messages;
    }

    /** Baton's own record of the prompt, so history and live subscribers see both sides of the conversation. */
    synchronized void prompt(String text) {
        ObjectNode raw = JsonNodeFactory.instance.objectNode().put("type", "prompt").put("text", text);
        save(new SessionMessage(sessionId, turnId, attempt, ++sequence, "prompt", null, text, null,
                raw.toString()));
    }

    synchronized void record(ClaudeEvent event) {
        if (event instanceof SystemEvent && "init".equals(event.subtype())) {
            String id = event.raw().path("session_id").asString(null);
            if (id != null) {
                claudeSessionId = id;
            }
        }
        save(new SessionMessage(sessionId, turnId, attempt, ++sequence, event.type(), event.subtype(), event.text(),
                event.toolName(), event.raw().toString()));
    }

    private void save(SessionMessage message) {
        messages.insert(message);
        count++;
        observer.message(message.view());
    }

    synchronized int count() {
        return count;
    }

    synchronized String claudeSessionId() {
        return claudeSessionId;
    }
}
