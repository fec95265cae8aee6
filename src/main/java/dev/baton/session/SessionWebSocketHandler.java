package dev.baton.session;

import dev.baton.user.CurrentUser;
import dev.baton.web.ConflictException;
import dev.baton.web.InvalidFieldException;
import dev.baton.web.NotFoundException;
import dev.baton.web.RetryLaterException;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * {@code /ws/sessions/{id}}: streams every message of the session as it is persisted, whoever started the turn,
 * and runs the turns its client asks for. See {@link Frames} for the frame shapes.
 *
 * <p>On shutdown it closes every socket with 1001 (going away), just before the web server's graceful shutdown,
 * so clients learn to reconnect (to another node) while this one can still send the close frame. A turn a socket
 * started is not tied to the socket and goes on within the shutdown grace period.
 */
@Component
class SessionWebSocketHandler extends TextWebSocketHandler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SessionWebSocketHandler.class);
    private static final int SEND_TIME_LIMIT_MS = 10_000;
    private static final int BUFFER_LIMIT_BYTES = 4 * 1024 * 1024;
    private static final int REPLAY_PAGE = 1000;

    private final SessionService sessions;
    private final SessionEventBus bus;
    private final ObjectMapper json;
    private final Frames frames;
    private final Map<String, AutoCloseable> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, WebSocketSession> open = new ConcurrentHashMap<>();
    private volatile boolean running;

    SessionWebSocketHandler(SessionService sessions, SessionEventBus bus, ObjectMapper json) {
        this.sessions = sessions;
        this.bus = bus;
        this.json = json;
        this.frames = new Frames(json);
    }

    @Override
    public void afterConnectionEstablished(WebSocketSession raw) {
        var socket = new ConcurrentWebSocketSessionDecorator(raw, SEND_TIME_LIMIT_MS, BUFFER_LIMIT_BYTES);
        UUID sessionId = (UUID) raw.getAttributes().get(SessionHandshakeInterceptor.SESSION_ID);
        CurrentUser user = (CurrentUser) raw.getAttributes().get(SessionHandshakeInterceptor.USER);
        long after = (Long) raw.getAttributes().get(SessionHandshakeInterceptor.AFTER);
        raw.getAttributes().put("socket", socket);
        open.put(raw.getId(), socket);

        var stream = new SessionStream(event -> send(socket, frames.of(event)));
        subscriptions.put(raw.getId(), bus.subscribe(sessionId, stream));
        if (after < 0) {
            stream.replayed(List.of(), 0);
            return;
        }
        long cursor = after;
        List<MessageView> page;
        var history = new java.util.ArrayList<MessageView>();
        do {
            page = sessions.messages(sessionId, user.id(), cursor, REPLAY_PAGE);
            history.addAll(page);
            cursor = page.isEmpty() ? cursor : page.getLast().sequence();
        } while (page.size() == REPLAY_PAGE);
        stream.replayed(history, after);
    }

    @Override
    protected void handleTextMessage(WebSocketSession raw, TextMessage message) {
        var socket = (WebSocketSession) raw.getAttributes().get("socket");
        UUID sessionId = (UUID) raw.getAttributes().get(SessionHandshakeInterceptor.SESSION_ID);
        CurrentUser user = (CurrentUser) raw.getAttributes().get(SessionHandshakeInterceptor.USER);
        JsonNode frame;
        try {
            frame = json.readTree(message.getPayload());
        } catch (JacksonException e) {
            send(socket, frames.error("bad_request", "frame: not valid JSON"));
            return;
        }
        String type = frame.path("type").asString("");
        switch (type) {
            case "query" -> {
                JsonNode text = frame.path("message");
                if (!text.isString()) {
                    send(socket, frames.error("bad_request", "message: must be a string"));
                    return;
                }
                // The turn's messages and result reach this socket through the bus, like any other subscriber's.
                Thread.ofVirtual().name("ws-turn-" + sessionId).start(() -> runTurn(socket, sessionId, user, text.asString()));
            }
            case "ping" -> send(socket, frames.pong());
            default -> send(socket, frames.error("bad_request",
                    "type: expected 'query' or 'ping', got '" + type + "'"));
        }
    }

    private void runTurn(WebSocketSession socket, UUID sessionId, CurrentUser user, String text) {
        try {
            sessions.sendMessage(sessionId, user.id(), text);
        } catch (InvalidFieldException e) {
            send(socket, frames.error("bad_request", e.getMessage()));
        } catch (ConflictException e) {
            send(socket, frames.error("conflict", e.getMessage()));
        } catch (NotFoundException e) {
            send(socket, frames.error("not_found", e.getMessage()));
        } catch (RetryLaterException e) {
            send(socket, frames.error(e.status().value() == 429 ? "capacity" : "unavailable", e.getMessage()));
        } catch (RuntimeException e) {
            log.error("Turn on session {} failed", sessionId, e);
            send(socket, frames.error("internal", "The turn failed unexpectedly; it has been logged."));
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession raw, CloseStatus status) throws Exception {
        open.remove(raw.getId());
        AutoCloseable subscription = subscriptions.remove(raw.getId());
        if (subscription != null) {
            subscription.close();
        }
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        for (WebSocketSession socket : List.copyOf(open.values())) {
            try {
                socket.close(CloseStatus.GOING_AWAY);
            } catch (IOException | IllegalStateException e) {
                log.debug("Could not close socket {}: {}", socket.getId(), e.toString());
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1;
    }

    private static void send(WebSocketSession socket, String frame) {
        if (!socket.isOpen()) {
            return;
        }
        try {
            socket.sendMessage(new TextMessage(frame));
        } catch (IOException | IllegalStateException e) {
            log.debug("Could not send to socket {}: {}", socket.getId(), e.toString());
        }
    }
}
