package dev.baton.session;

import dev.baton.claude.FailureType;
import dev.baton.user.CurrentUser;
import dev.baton.web.ConflictException;
import dev.baton.web.InvalidFieldException;
import dev.baton.web.NotFoundException;
import dev.baton.web.RetryLaterException;
import dev.baton.web.ServiceUnavailableException;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
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
 * <p>On shutdown it closes sockets with 1001 (going away), from the web server's graceful shutdown on, so clients
 * learn to reconnect (to another node) while this one can still send the close frame. A socket in the middle of a
 * turn's stream stays open until that turn's end has been sent, so its subscriber gets the whole turn; the others
 * close at once, and no new turn is taken. Whatever is still open when the web server stops (a turn that outlived
 * the grace period) is closed just before ({@link SocketsClosedLast}). A turn is not tied to the socket that started
 * it and goes on within the shutdown grace period either way.
 */
@Component
class SessionWebSocketHandler extends TextWebSocketHandler implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(SessionWebSocketHandler.class);
    private static final int SEND_TIME_LIMIT_MS = 10_000;
    private static final int BUFFER_LIMIT_BYTES = 4 * 1024 * 1024;
    private static final int REPLAY_PAGE = 1000;
    private static final String PARTS = "frameParts";
    private static final String TOO_LONG = "frameTooLong";
    /** An {@code AtomicBoolean}: whether the socket has been sent messages of a turn whose end it has not been sent. */
    private static final String IN_TURN = "inTurn";
    private static final long TURN_END_CHECK_MILLIS = 50;

    private final SessionService sessions;
    private final SessionEventBus bus;
    private final ObjectMapper json;
    private final Frames frames;
    private final int maxFrameChars;
    private final Map<String, AutoCloseable> subscriptions = new ConcurrentHashMap<>();
    private final Map<String, WebSocketSession> open = new ConcurrentHashMap<>();
    private volatile boolean running;

    SessionWebSocketHandler(SessionService sessions, SessionEventBus bus, ObjectMapper json,
            SessionProperties properties, SocketsClosedLast closedLast) {
        this.sessions = sessions;
        closedLast.register(this);
        // The longest frame a valid query can be: every character of the longest message written as a six-character
        // JSON escape, plus room for the rest of the frame.
        this.maxFrameChars = 6 * properties.maxMessageChars() + 1024;
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
        var inTurn = new AtomicBoolean();
        raw.getAttributes().put(IN_TURN, inTurn);
        open.put(raw.getId(), socket);

        var stream = new SessionStream(event -> {
            send(socket, frames.of(event));
            inTurn.set(event instanceof SessionEvent.Message);
            if (!inTurn.get() && !running) {
                close(socket);
            }
        });
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

    /**
     * Frames arrive in parts as large as the container's buffer (8 KiB on Tomcat), so that a frame longer than
     * the buffer is not a protocol error that closes the socket: {@link #handleTextMessage} joins the parts up to
     * {@link #maxFrameChars} and refuses a longer frame with an error frame, keeping the socket.
     */
    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    protected void handleTextMessage(WebSocketSession raw, TextMessage message) {
        var socket = (WebSocketSession) raw.getAttributes().get("socket");
        String payload = assemble(raw, message.getPayload(), message.isLast());
        if (payload == null) {
            if (message.isLast()) {
                send(socket, frames.error(FailureType.BAD_REQUEST, "frame: longer than " + maxFrameChars + " characters"));
            }
            return;
        }
        UUID sessionId = (UUID) raw.getAttributes().get(SessionHandshakeInterceptor.SESSION_ID);
        CurrentUser user = (CurrentUser) raw.getAttributes().get(SessionHandshakeInterceptor.USER);
        JsonNode frame;
        try {
            frame = json.readTree(payload);
        } catch (JacksonException e) {
            send(socket, frames.error(FailureType.BAD_REQUEST, "frame: not valid JSON"));
            return;
        }
        if (!frame.isObject()) {
            send(socket, frames.error(FailureType.BAD_REQUEST, "frame: must be a JSON object with a type"));
            return;
        }
        String type = frame.path("type").asString("");
        switch (type) {
            case "query" -> {
                JsonNode text = frame.path("message");
                if (!text.isString()) {
                    send(socket, frames.error(FailureType.BAD_REQUEST, "message: must be a string"));
                    return;
                }
                if (!running) {
                    send(socket, frames.error(FailureType.UNAVAILABLE,
                            "this node is shutting down; reconnect and send the query again"));
                    return;
                }
                // The turn's messages and result reach this socket through the bus, like any other subscriber's.
                Thread.ofVirtual().name("ws-turn-" + sessionId).start(() -> runTurn(socket, sessionId, user, text.asString()));
            }
            case "interrupt" ->
                    // The interrupted turn's end reaches this socket through the bus, as an error frame of type cancelled.
                    Thread.ofVirtual().name("ws-interrupt-" + sessionId).start(() -> interrupt(socket, sessionId, user));
            case "ping" -> send(socket, frames.pong());
            default -> send(socket, frames.error(FailureType.BAD_REQUEST,
                    "type: expected 'query', 'interrupt' or 'ping', got '" + type + "'"));
        }
    }

    /** The whole frame once its last part is in; null before that, and for a frame that grew too long. */
    private String assemble(WebSocketSession raw, String part, boolean last) {
        var attributes = raw.getAttributes();
        var parts = (StringBuilder) attributes.get(PARTS);
        if (parts == null) {
            if (last) {
                return part.length() > maxFrameChars ? null : part;
            }
            parts = new StringBuilder();
            attributes.put(PARTS, parts);
        }
        if (!attributes.containsKey(TOO_LONG)) {
            if (parts.length() + part.length() > maxFrameChars) {
                // Drop what came so far; the rest of this frame is only counted off.
                attributes.put(TOO_LONG, true);
                parts.setLength(0);
                parts.trimToSize();
            } else {
                parts.append(part);
            }
        }
        if (!last) {
            return null;
        }
        attributes.remove(PARTS);
        return attributes.remove(TOO_LONG) != null ? null : parts.toString();
    }

    /** The API speaks JSON text; a binary frame is refused like any other bad frame, and the socket stays. */
    @Override
    protected void handleBinaryMessage(WebSocketSession raw, BinaryMessage message) {
        if (message.isLast()) {
            send((WebSocketSession) raw.getAttributes().get("socket"),
                    frames.error(FailureType.BAD_REQUEST, "frame: binary frames are not supported; send JSON text frames"));
        }
    }

    private void runTurn(WebSocketSession socket, UUID sessionId, CurrentUser user, String text) {
        try {
            sessions.sendMessage(sessionId, user.id(), text, TurnOptions.interactive(TurnStarter.WEBSOCKET));
        } catch (InvalidFieldException e) {
            send(socket, frames.error(FailureType.BAD_REQUEST, e.getMessage()));
        } catch (ConflictException e) {
            send(socket, frames.error(FailureType.CONFLICT, e.getMessage()));
        } catch (NotFoundException e) {
            send(socket, frames.error(FailureType.NOT_FOUND, e.getMessage()));
        } catch (RetryLaterException e) {
            // A missing CLI has always been "unavailable" on the socket (cli_missing is the code of a failed attempt).
            send(socket, frames.error(e.failure() == FailureType.CLI_MISSING ? FailureType.UNAVAILABLE : e.failure(),
                    e.getMessage()));
        } catch (ServiceUnavailableException e) {
            send(socket, frames.error(e.failure(), e.getMessage()));
        } catch (RuntimeException e) {
            log.error("Turn on session {} failed", sessionId, e);
            send(socket, frames.error(FailureType.INTERNAL, "The turn failed unexpectedly; it has been logged."));
        }
    }

    private void interrupt(WebSocketSession socket, UUID sessionId, CurrentUser user) {
        try {
            sessions.interrupt(sessionId, user.id());
        } catch (ConflictException e) {
            send(socket, frames.error(FailureType.CONFLICT, e.getMessage()));
        } catch (NotFoundException e) {
            send(socket, frames.error(FailureType.NOT_FOUND, e.getMessage()));
        } catch (RuntimeException e) {
            log.error("Interrupting the turn of session {} failed", sessionId, e);
            send(socket, frames.error(FailureType.INTERNAL, "The interrupt failed unexpectedly; it has been logged."));
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

    /**
     * Closes the sockets that are not in the middle of a turn; each of the others closes once it has been sent its
     * turn's end. Whichever of this and the delivery of that end comes second closes the socket: each sets its own
     * flag before reading the other's.
     */
    @Override
    public void stop() {
        running = false;
        for (WebSocketSession socket : List.copyOf(open.values())) {
            UUID sessionId = (UUID) socket.getAttributes().get(SessionHandshakeInterceptor.SESSION_ID);
            // A turn can be running before this socket has been sent any of it: its first messages reach
            // subscribers through a notification, a moment after they were stored. Such a socket waits too.
            if (sessions.turnRunning(sessionId)) {
                ((AtomicBoolean) socket.getAttributes().get(IN_TURN)).set(true);
            } else if (!inTurn(socket)) {
                close(socket);
            }
        }
    }

    /**
     * Closes every socket still open: the web server is about to stop, and a close frame must go out first. A socket
     * still in a turn is first given up to {@code turnEnd} to be sent the end of it: the turn's end reaches
     * subscribers through a database notification, a moment after the request that ran the turn was answered.
     */
    void closeAll(Duration turnEnd) throws InterruptedException {
        long deadline = System.nanoTime() + turnEnd.toNanos();
        while (open.values().stream().anyMatch(SessionWebSocketHandler::inTurn) && System.nanoTime() < deadline) {
            Thread.sleep(TURN_END_CHECK_MILLIS);
        }
        List.copyOf(open.values()).forEach(SessionWebSocketHandler::close);
    }

    private static boolean inTurn(WebSocketSession socket) {
        var inTurn = (AtomicBoolean) socket.getAttributes().get(IN_TURN);
        return inTurn != null && inTurn.get();
    }

    private static void close(WebSocketSession socket) {
        try {
            socket.close(CloseStatus.GOING_AWAY);
        } catch (IOException | IllegalStateException e) {
            log.debug("Could not close socket {}: {}", socket.getId(), e.toString());
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
