package dev.baton.session;

import java.sql.SQLException;
import java.time.Duration;
import java.util.UUID;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.util.backoff.BackOffExecution;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * Listens for the database's session notifications (see {@code V4__session_notifications.sql}) on one dedicated
 * connection outside the pool, on a virtual thread, and passes them to the {@link SessionEventBus}. When the connection drops it
 * reconnects with backoff and has every subscriber catch up from the table, so what was committed meanwhile is
 * still delivered.
 */
@Component
class SessionNotifications implements SmartLifecycle {

    static final String CHANNEL = "baton_session_messages";

    private static final Logger log = LoggerFactory.getLogger(SessionNotifications.class);
    private static final int POLL_MILLIS = 500;
    private static final Duration HEALTH_CHECK_EVERY = Duration.ofSeconds(30);
    private static final int HEALTH_CHECK_TIMEOUT_SECONDS = 5;
    /** 100 ms, doubling up to 5 s, for as long as the database stays away. */
    private static final ExponentialBackOff RECONNECT = reconnectBackOff();

    private final ListenConnection.Source connections;
    private final SessionEventBus bus;
    private final TurnInterrupts interrupts;
    private volatile boolean running;
    private volatile Thread listener;
    private volatile int backendPid;

    @Autowired
    SessionNotifications(DataSource dataSource, SessionEventBus bus, TurnInterrupts interrupts) {
        this(ListenConnection.unpooled(dataSource), bus, interrupts);
    }

    SessionNotifications(ListenConnection.Source connections, SessionEventBus bus, TurnInterrupts interrupts) {
        this.connections = connections;
        this.bus = bus;
        this.interrupts = interrupts;
    }

    /** Listens before the web server takes its first subscriber; if the database is away, keeps trying. */
    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        ListenConnection first = null;
        try {
            first = connect();
        } catch (SQLException e) {
            log.warn("Cannot listen for session notifications yet; retrying: {}", e.toString());
        }
        ListenConnection connection = first;
        listener = Thread.ofVirtual().name("session-notifications").start(() -> listen(connection));
    }

    @Override
    public synchronized void stop() {
        Thread thread = listener;
        running = false;
        if (thread == null) {
            return;
        }
        // Interrupting a virtual thread blocked on the socket closes it, so the wait ends at once.
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        listener = null;
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the web server and stops after it, so no subscriber is ever left without a listener. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE - 4096;
    }

    private static ExponentialBackOff reconnectBackOff() {
        ExponentialBackOff backOff = new ExponentialBackOff(100, 2.0);
        backOff.setMaxInterval(5_000);
        return backOff;
    }

    /** The server process of the current listening connection, or 0 while there is none. */
    int backendPid() {
        return backendPid;
    }

    private void listen(ListenConnection first) {
        ListenConnection connection = first;
        BackOffExecution backoff = RECONNECT.start();
        long nextCheck = System.nanoTime() + HEALTH_CHECK_EVERY.toNanos();
        while (running) {
            try {
                if (connection == null) {
                    connection = connect();
                    backoff = RECONNECT.start();
                    log.info("Listening for session notifications again; subscribers catch up from the table");
                    bus.catchUp();
                }
                connection.poll(POLL_MILLIS).forEach(this::dispatch);
                if (System.nanoTime() - nextCheck > 0) {
                    if (!connection.isValid(HEALTH_CHECK_TIMEOUT_SECONDS)) {
                        throw new SQLException("the listening connection no longer answers");
                    }
                    nextCheck = System.nanoTime() + HEALTH_CHECK_EVERY.toNanos();
                }
            } catch (SQLException | RuntimeException e) {
                if (connection != null) {
                    connection.close();
                    connection = null;
                    backendPid = 0;
                }
                if (!running) {
                    break;
                }
                long delay = backoff.nextBackOff();
                log.warn("Lost the session notification connection; reconnecting in {} ms: {}", delay, e.toString());
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException interrupted) {
                    break;
                }
            }
        }
        if (connection != null) {
            connection.close();
        }
        backendPid = 0;
    }

    private ListenConnection connect() throws SQLException {
        ListenConnection connection = ListenConnection.open(connections, CHANNEL);
        backendPid = connection.backendPid();
        return connection;
    }

    /**
     * {@code <session id>:<sequence>}, {@code <session id>:turn:<turn id>}, {@code <session id>:approval:<approval
     * id>} or {@code <session id>:interrupt:<turn id>} (see {@link TurnInterrupts}).
     */
    private void dispatch(String payload) {
        try {
            String[] parts = payload.split(":");
            UUID sessionId = UUID.fromString(parts[0]);
            if (parts.length == 3 && parts[1].equals("turn")) {
                bus.turnEnded(sessionId);
            } else if (parts.length == 3 && parts[1].equals("approval")) {
                bus.approval(sessionId, UUID.fromString(parts[2]));
            } else if (parts.length == 3 && parts[1].equals("interrupt")) {
                interrupts.deliver(UUID.fromString(parts[2]));
            } else if (parts.length == 2) {
                bus.appended(sessionId, Long.parseLong(parts[1]));
            } else {
                log.warn("Ignoring a session notification of unknown shape: {}", payload);
            }
        } catch (IllegalArgumentException e) {
            log.warn("Ignoring a malformed session notification '{}': {}", payload, e.toString());
        }
    }
}
