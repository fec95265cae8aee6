package dev.baton.session;

import java.time.Duration;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Closes the WebSockets that {@link SessionWebSocketHandler} kept open for a turn's end, after the graceful shutdown
 * phase and just before the web server stops, so that every client gets 1001 (going away) rather than a dropped
 * connection, even when its turn outlived the grace period. Sockets whose turn has just ended get a moment to be sent
 * its end first.
 */
@Component
class SocketsClosedLast implements SmartLifecycle {

    /** Longer than a notification takes to arrive (the listener polls every half second), short against the grace. */
    private static final Duration TURN_END_WAIT = Duration.ofSeconds(3);

    private final SessionWebSocketHandler handler;
    private volatile boolean running;

    SocketsClosedLast(SessionWebSocketHandler handler) {
        this.handler = handler;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        try {
            handler.closeAll(TURN_END_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return WebServerApplicationContext.START_STOP_LIFECYCLE_PHASE + 1;
    }
}
