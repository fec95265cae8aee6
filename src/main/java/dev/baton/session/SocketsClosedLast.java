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
 *
 * <p>The handler registers itself here rather than this depending on the handler: Spring stops a bean's dependents
 * before the bean, whatever their phases, so a dependency on the handler closed every socket before the graceful
 * shutdown had begun.
 */
@Component
class SocketsClosedLast implements SmartLifecycle {

    /** Longer than a notification takes to arrive (the listener polls every half second), short against the grace. */
    private static final Duration TURN_END_WAIT = Duration.ofSeconds(3);

    private volatile SessionWebSocketHandler handler;
    private volatile boolean running;

    void register(SessionWebSocketHandler handler) {
        this.handler = handler;
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        if (handler == null) {
            return;
        }
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
