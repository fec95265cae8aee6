package dev.baton.session;

import dev.baton.user.CurrentUser;
import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;

/**
 * Everything {@link SessionWebSocketHandler} keeps for one socket: whose session it streams, the frame being
 * assembled, the bus subscription, and whether it is in the middle of a turn's stream.
 */
final class SocketConnection {

    private static final Logger log = LoggerFactory.getLogger(SocketConnection.class);
    private static final int SEND_TIME_LIMIT_MS = 10_000;
    private static final int BUFFER_LIMIT_BYTES = 4 * 1024 * 1024;

    private final WebSocketSession socket;
    private final UUID sessionId;
    private final CurrentUser user;
    private final FrameAssembler incoming;
    /** Whether the socket has been sent messages of a turn whose end it has not been sent. */
    private final AtomicBoolean inTurn = new AtomicBoolean();
    private volatile AutoCloseable subscription;

    SocketConnection(WebSocketSession raw, UUID sessionId, CurrentUser user, int maxFrameChars) {
        // Sends from the bus, the turn thread and the handler may overlap; the decorator serialises them.
        this.socket = new ConcurrentWebSocketSessionDecorator(raw, SEND_TIME_LIMIT_MS, BUFFER_LIMIT_BYTES);
        this.sessionId = sessionId;
        this.user = user;
        this.incoming = new FrameAssembler(maxFrameChars);
    }

    UUID sessionId() {
        return sessionId;
    }

    CurrentUser user() {
        return user;
    }

    FrameAssembler incoming() {
        return incoming;
    }

    void subscribed(AutoCloseable subscription) {
        this.subscription = subscription;
    }

    boolean inTurn() {
        return inTurn.get();
    }

    void inTurn(boolean value) {
        inTurn.set(value);
    }

    void send(String frame) {
        if (!socket.isOpen()) {
            return;
        }
        try {
            socket.sendMessage(new TextMessage(frame));
        } catch (IOException | IllegalStateException e) {
            log.debug("Could not send to socket {}: {}", socket.getId(), e.toString());
        }
    }

    /** Closes with 1001 (going away), so that the client reconnects, to another node if this one is stopping. */
    void close() {
        try {
            socket.close(CloseStatus.GOING_AWAY);
        } catch (IOException | IllegalStateException e) {
            log.debug("Could not close socket {}: {}", socket.getId(), e.toString());
        }
    }

    /** After the socket closed: ends the subscription. */
    void closed() throws Exception {
        AutoCloseable current = subscription;
        if (current != null) {
            current.close();
        }
    }
}
