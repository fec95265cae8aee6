package dev.baton.session;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.domain.Limit;
import tools.jackson.databind.ObjectMapper;

/**
 * One subscriber's cursor into a session. Notifications only say that there is more; the subscription reads the
 * table after the last sequence it delivered, so it delivers every message once, in order, however notifications
 * arrive, repeat or get lost. Reads run on the executor, one at a time per subscription, and notifications that
 * arrive during a read fold into the next one.
 *
 * <p>A turn's end is delivered after its last message: when its notification comes, or when a catch-up finds the
 * turn finished.
 */
final class SessionSubscription implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(SessionSubscription.class);
    private static final int PAGE = 500;

    private final UUID sessionId;
    private final Consumer<SessionEvent> subscriber;
    private final SessionMessageRepository messages;
    private final SessionTurnRepository turns;
    private final ObjectMapper json;
    private final Executor readers;

    /** Held while initialising and reading, so the cursor moves one read at a time. */
    private final ReentrantLock reading = new ReentrantLock();
    private long lastSequence;
    /** The turn of the last delivered message, until its end is delivered. */
    private UUID openTurn;
    private UUID lastEndedTurn;

    private final AtomicLong notifiedSequence = new AtomicLong();
    /** Set when a turn may have ended; it also forces a read, which is all a catch-up needs. */
    private final AtomicBoolean checkTurn = new AtomicBoolean();
    private final AtomicBoolean pending = new AtomicBoolean();
    private final AtomicBoolean draining = new AtomicBoolean();
    private volatile boolean closed;
    private final Consumer<SessionSubscription> onClose;

    SessionSubscription(UUID sessionId, Consumer<SessionEvent> subscriber, SessionMessageRepository messages,
            SessionTurnRepository turns, ObjectMapper json, Executor readers, Consumer<SessionSubscription> onClose) {
        this.sessionId = sessionId;
        this.subscriber = subscriber;
        this.messages = messages;
        this.turns = turns;
        this.json = json;
        this.readers = readers;
        this.onClose = onClose;
    }

    /**
     * Registers the subscription and places its cursor after the session's last message. Notifications that come
     * in meanwhile wait for the cursor, so none is lost between the registration and the first read.
     */
    void open(Runnable register) {
        reading.lock();
        try {
            register.run();
            messages.findFirstBySessionIdOrderBySequenceDesc(sessionId).ifPresent(last -> {
                lastSequence = last.sequence();
                openTurn = last.turnId();
            });
            if (openTurn != null && turns.findById(openTurn).map(SessionTurn::finished).orElse(true)) {
                lastEndedTurn = openTurn;
                openTurn = null;
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        } finally {
            reading.unlock();
        }
    }

    UUID sessionId() {
        return sessionId;
    }

    /** A message up to {@code sequence} was committed. */
    void appended(long sequence) {
        notifiedSequence.accumulateAndGet(sequence, Math::max);
        signal();
    }

    /** A turn of the session finished. */
    void turnEnded() {
        checkTurn.set(true);
        signal();
    }

    /** Notifications may have been missed: read whatever the table holds after the cursor. */
    void catchUp() {
        checkTurn.set(true);
        signal();
    }

    private void signal() {
        pending.set(true);
        if (closed || !draining.compareAndSet(false, true)) {
            return;
        }
        try {
            readers.execute(this::drain);
        } catch (RejectedExecutionException e) {
            // Shutting down: nobody will read any more.
            draining.set(false);
        }
    }

    private void drain() {
        do {
            try {
                while (pending.getAndSet(false) && !closed) {
                    read();
                }
            } catch (RuntimeException e) {
                // The next notification, or the catch-up after a reconnect, reads from the same cursor again.
                log.warn("Could not read session {} for a subscriber: {}", sessionId, e.toString());
            } finally {
                draining.set(false);
            }
            // A signal that came after the loop's last check but before draining was cleared is ours to serve.
        } while (pending.get() && !closed && draining.compareAndSet(false, true));
    }

    private void read() {
        reading.lock();
        try {
            boolean turnEnded = checkTurn.getAndSet(false);
            if (!turnEnded && notifiedSequence.get() <= lastSequence) {
                return;
            }
            List<SessionMessage> page;
            do {
                page = messages.findBySessionIdAndSequenceGreaterThanOrderBySequence(sessionId, lastSequence,
                        Limit.of(PAGE));
                for (SessionMessage message : page) {
                    if (closed) {
                        return;
                    }
                    if (openTurn != null && !openTurn.equals(message.turnId())) {
                        endTurnIfFinished();
                    }
                    deliver(new SessionEvent.Message(message.view()));
                    lastSequence = message.sequence();
                    if (message.turnId() != null && !message.turnId().equals(lastEndedTurn)) {
                        openTurn = message.turnId();
                    }
                }
            } while (page.size() == PAGE);
            if (turnEnded && openTurn != null) {
                endTurnIfFinished();
            }
        } finally {
            reading.unlock();
        }
    }

    /** A turn left running by a crashed node never ends; the next turn's first message replaces it. */
    private void endTurnIfFinished() {
        turns.findById(openTurn).filter(SessionTurn::finished).ifPresent(turn -> {
            deliver(new SessionEvent.TurnFinished(turn.result(json)));
            lastEndedTurn = openTurn;
            openTurn = null;
        });
    }

    /** An event that is not stored as a message (an approval's), delivered between the messages read. */
    void push(SessionEvent event) {
        reading.lock();
        try {
            if (!closed) {
                deliver(event);
            }
        } finally {
            reading.unlock();
        }
    }

    private void deliver(SessionEvent event) {
        try {
            subscriber.accept(event);
        } catch (RuntimeException e) {
            // One broken subscriber must not starve the others or stop its own cursor.
            log.warn("Subscriber of session {} failed: {}", sessionId, e.toString());
        }
    }

    @Override
    public void close() {
        closed = true;
        onClose.accept(this);
    }
}
