package dev.baton.session;

import dev.baton.approval.ApprovalService;
import dev.baton.claude.FailureType;
import dev.baton.user.CurrentUser;
import dev.baton.web.BudgetExhaustedException;
import dev.baton.web.ConflictException;
import dev.baton.web.InvalidFieldException;
import dev.baton.web.NotFoundException;
import dev.baton.web.RetryLaterException;
import dev.baton.web.ServiceUnavailableException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.BinaryMessage;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
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
    private static final int REPLAY_PAGE = 1000;
    private static final long TURN_END_CHECK_MILLIS = 50;

    private final SessionService sessions;
    private final SessionEventBus bus;
    private final ObjectMapper json;
    private final Frames frames;
    private final int maxFrameChars;
    /** The open sockets, by the container's socket id. */
    private final Map<String, SocketConnection> open = new ConcurrentHashMap<>();
    private volatile boolean running;

    private final ApprovalService approvals;

    SessionWebSocketHandler(SessionService sessions, SessionEventBus bus, ObjectMapper json,
            SessionProperties properties, SocketsClosedLast closedLast, ApprovalService approvals) {
        this.sessions = sessions;
        this.approvals = approvals;
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
        UUID sessionId = (UUID) raw.getAttributes().get(SessionHandshakeInterceptor.SESSION_ID);
        CurrentUser user = (CurrentUser) raw.getAttributes().get(SessionHandshakeInterceptor.USER);
        long after = (Long) raw.getAttributes().get(SessionHandshakeInterceptor.AFTER);
        var connection = new SocketConnection(raw, sessionId, user, maxFrameChars);
        open.put(raw.getId(), connection);

        var stream = new SessionStream(event -> {
            connection.send(frames.of(event));
            if (event instanceof SessionEvent.Approval) {
                return;
            }
            connection.inTurn(event instanceof SessionEvent.Message);
            if (!connection.inTurn() && !running) {
                connection.close();
            }
        });
        connection.subscribed(bus.subscribe(sessionId, stream));
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
     * Frames arrive in parts ({@link FrameAssembler}), so that a frame longer than the container's buffer is not a
     * protocol error that closes the socket; a frame longer than {@link #maxFrameChars} gets an error frame instead.
     */
    @Override
    public boolean supportsPartialMessages() {
        return true;
    }

    @Override
    protected void handleTextMessage(WebSocketSession raw, TextMessage message) {
        SocketConnection connection = open.get(raw.getId());
        if (connection == null) {
            return;
        }
        String payload = connection.incoming().add(message.getPayload(), message.isLast());
        if (payload == null) {
            if (message.isLast()) {
                connection.send(frames.error(FailureType.BAD_REQUEST, "frame: longer than " + maxFrameChars
                        + " characters"));
            }
            return;
        }
        dispatch(connection, payload);
    }

    private void dispatch(SocketConnection connection, String payload) {
        JsonNode frame;
        try {
            frame = json.readTree(payload);
        } catch (JacksonException e) {
            connection.send(frames.error(FailureType.BAD_REQUEST, "frame: not valid JSON"));
            return;
        }
        if (!frame.isObject()) {
            connection.send(frames.error(FailureType.BAD_REQUEST, "frame: must be a JSON object with a type"));
            return;
        }
        UUID sessionId = connection.sessionId();
        String type = frame.path("type").asString("");
        switch (type) {
            case "query" -> {
                JsonNode text = frame.path("message");
                if (!text.isString()) {
                    connection.send(frames.error(FailureType.BAD_REQUEST, "message: must be a string"));
                    return;
                }
                if (!running) {
                    connection.send(frames.error(FailureType.UNAVAILABLE,
                            "this node is shutting down; reconnect and send the query again"));
                    return;
                }
                // The turn's messages and result reach this socket through the bus, like any other subscriber's.
                Thread.ofVirtual().name("ws-turn-" + sessionId).start(() -> runTurn(connection, text.asString()));
            }
            case "interrupt" ->
                    // The interrupted turn's end reaches this socket through the bus, as an error frame of type cancelled.
                    Thread.ofVirtual().name("ws-interrupt-" + sessionId).start(() -> interrupt(connection));
            case "ping" -> connection.send(frames.pong());
            case "approval" -> decide(connection, frame);
            default -> connection.send(frames.error(FailureType.BAD_REQUEST,
                    "type: expected 'query', 'interrupt', 'approval' or 'ping', got '" + type + "'"));
        }
    }

    /** The API speaks JSON text; a binary frame is refused like any other bad frame, and the socket stays. */
    @Override
    protected void handleBinaryMessage(WebSocketSession raw, BinaryMessage message) {
        SocketConnection connection = open.get(raw.getId());
        if (message.isLast() && connection != null) {
            connection.send(frames.error(FailureType.BAD_REQUEST,
                    "frame: binary frames are not supported; send JSON text frames"));
        }
    }

    private void runTurn(SocketConnection connection, String text) {
        UUID sessionId = connection.sessionId();
        try {
            sessions.sendMessage(sessionId, connection.user().id(), text, TurnOptions.interactive(TurnStarter.WEBSOCKET));
        } catch (InvalidFieldException e) {
            connection.send(frames.error(FailureType.BAD_REQUEST, e.getMessage()));
        } catch (ConflictException e) {
            connection.send(frames.error(FailureType.CONFLICT, e.getMessage()));
        } catch (NotFoundException e) {
            connection.send(frames.error(FailureType.NOT_FOUND, e.getMessage()));
        } catch (BudgetExhaustedException e) {
            connection.send(frames.error(FailureType.BUDGET_EXHAUSTED, e.getMessage()));
        } catch (RetryLaterException e) {
            // A missing CLI has always been "unavailable" on the socket (cli_missing is the code of a failed attempt).
            connection.send(frames.error(e.failure() == FailureType.CLI_MISSING ? FailureType.UNAVAILABLE
                    : e.failure(), e.getMessage()));
        } catch (ServiceUnavailableException e) {
            connection.send(frames.error(e.failure(), e.getMessage()));
        } catch (RuntimeException e) {
            log.error("Turn on session {} failed", sessionId, e);
            connection.send(frames.error(FailureType.INTERNAL, "The turn failed unexpectedly; it has been logged."));
        }
    }

    /** {@code {"type":"approval","id":..,"decision":"allow"|"deny","message"?}}; the decision frame follows. */
    private void decide(SocketConnection connection, JsonNode frame) {
        UUID id;
        try {
            id = UUID.fromString(frame.path("id").asString(""));
        } catch (IllegalArgumentException e) {
            connection.send(frames.error(FailureType.BAD_REQUEST, "id: must be the approval's id"));
            return;
        }
        String decision = frame.path("decision").asString("");
        if (!decision.equals("allow") && !decision.equals("deny")) {
            connection.send(frames.error(FailureType.BAD_REQUEST, "decision: must be 'allow' or 'deny'"));
            return;
        }
        JsonNode message = frame.path("message");
        if (!message.isMissingNode() && !message.isNull()
                && (!message.isString() || message.asString().length() > 2000)) {
            connection.send(frames.error(FailureType.BAD_REQUEST,
                    "message: must be a string of at most 2000 characters"));
            return;
        }
        try {
            approvals.decide(connection.user(), id, decision.equals("allow"),
                    message.isString() ? message.asString() : null);
        } catch (ConflictException e) {
            connection.send(frames.error(FailureType.CONFLICT, e.getMessage()));
        } catch (NotFoundException e) {
            connection.send(frames.error(FailureType.NOT_FOUND, e.getMessage()));
        } catch (RuntimeException e) {
            log.error("Deciding approval {} failed", id, e);
            connection.send(frames.error(FailureType.INTERNAL, "The decision failed unexpectedly; it has been logged."));
        }
    }

    private void interrupt(SocketConnection connection) {
        UUID sessionId = connection.sessionId();
        try {
            sessions.interrupt(sessionId, connection.user().id());
        } catch (ConflictException e) {
            connection.send(frames.error(FailureType.CONFLICT, e.getMessage()));
        } catch (NotFoundException e) {
            connection.send(frames.error(FailureType.NOT_FOUND, e.getMessage()));
        } catch (RuntimeException e) {
            log.error("Interrupting the turn of session {} failed", sessionId, e);
            connection.send(frames.error(FailureType.INTERNAL,
                    "The interrupt failed unexpectedly; it has been logged."));
        }
    }

    @Override
    public void afterConnectionClosed(WebSocketSession raw, CloseStatus status) throws Exception {
        SocketConnection connection = open.remove(raw.getId());
        if (connection != null) {
            connection.closed();
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
        for (SocketConnection connection : List.copyOf(open.values())) {
            // A turn can be running before this socket has been sent any of it: its first messages reach
            // subscribers through a notification, a moment after they were stored. Such a socket waits too.
            if (sessions.turnRunning(connection.sessionId())) {
                connection.inTurn(true);
            } else if (!connection.inTurn()) {
                connection.close();
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
        while (open.values().stream().anyMatch(SocketConnection::inTurn) && System.nanoTime() < deadline) {
            Thread.sleep(TURN_END_CHECK_MILLIS);
        }
        List.copyOf(open.values()).forEach(SocketConnection::close);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return WebServerApplicationContext.GRACEFUL_SHUTDOWN_PHASE + 1;
    }
}
