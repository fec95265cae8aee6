package dev.baton.session;

import dev.baton.approval.ApprovalService;
import dev.baton.approval.ApprovalStatus;
import dev.baton.approval.ApprovalView;
import jakarta.annotation.PreDestroy;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.ObjectMapper;

/**
 * The live subscribers of sessions on this node. It never hands events from writer to reader in memory: whichever
 * node wrote a message, its subscribers learn of it from a database notification ({@link SessionNotifications})
 * and read it from the table, so one node and many take the same path.
 */
@Component
class SessionEventBus {

    private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(10);

    private final SessionMessageRepository messages;
    private final SessionTurnRepository turns;
    private final ObjectMapper json;
    private final Function<UUID, Optional<ApprovalView>> approvals;
    private final Map<UUID, Set<SessionSubscription>> subscriptions = new ConcurrentHashMap<>();
    private final ExecutorService readers =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("session-reader-", 0).factory());

    SessionEventBus(SessionMessageRepository messages, SessionTurnRepository turns, ObjectMapper json) {
        this(messages, turns, json, id -> Optional.empty());
    }

    @Autowired
    SessionEventBus(SessionMessageRepository messages, SessionTurnRepository turns, ObjectMapper json,
            ApprovalService approvals) {
        this(messages, turns, json, approvals::find);
    }

    private SessionEventBus(SessionMessageRepository messages, SessionTurnRepository turns, ObjectMapper json,
            Function<UUID, Optional<ApprovalView>> approvals) {
        this.approvals = approvals;
        this.messages = messages;
        this.turns = turns;
        this.json = json;
    }

    /**
     * Delivers every message of the session committed from now on, in order and once each, and each turn's end
     * after its messages. Events arrive on a reader thread, one at a time. Returns the handle that ends the
     * subscription.
     */
    AutoCloseable subscribe(UUID sessionId, Consumer<SessionEvent> subscriber) {
        var subscription = new SessionSubscription(sessionId, subscriber, messages, turns, json, readers,
                this::remove);
        subscription.open(() -> subscriptions.computeIfAbsent(sessionId, id -> ConcurrentHashMap.newKeySet())
                .add(subscription));
        return subscription;
    }

    private void remove(SessionSubscription subscription) {
        subscriptions.computeIfPresent(subscription.sessionId(), (id, set) -> {
            set.remove(subscription);
            return set.isEmpty() ? null : set;
        });
    }

    /** A message of the session with this sequence was committed, on any node. */
    void appended(UUID sessionId, long sequence) {
        subscriptions.getOrDefault(sessionId, Set.of()).forEach(s -> s.appended(sequence));
    }

    /** A turn of the session finished, on any node. */
    void turnEnded(UUID sessionId) {
        subscriptions.getOrDefault(sessionId, Set.of()).forEach(SessionSubscription::turnEnded);
    }

    /**
     * An approval request of the session was stored or decided, on any node: its subscribers get it as an
     * {@code approval_request} or {@code approval_decision} frame, read from the table on a reader thread.
     */
    void approval(UUID sessionId, UUID approvalId) {
        if (subscriptions.getOrDefault(sessionId, Set.of()).isEmpty()) {
            return;
        }
        try {
            readers.execute(() -> approvals.apply(approvalId).ifPresent(view -> {
                var event = new SessionEvent.Approval(view.status() == ApprovalStatus.PENDING ? "approval_request"
                        : "approval_decision", view);
                subscriptions.getOrDefault(sessionId, Set.of()).forEach(s -> s.push(event));
            }));
        } catch (RejectedExecutionException e) {
            // Shutting down: nobody will read any more.
        }
    }

    /** Notifications may have been lost (the listener reconnected): every subscriber reads what it missed. */
    void catchUp() {
        subscriptions.values().forEach(set -> set.forEach(SessionSubscription::catchUp));
    }

    int subscriberCount(UUID sessionId) {
        return subscriptions.getOrDefault(sessionId, Set.of()).size();
    }

    /** Lets the reads in progress finish, so no reader thread outlives the bus. */
    @PreDestroy
    void close() throws InterruptedException {
        readers.shutdown();
        if (!readers.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            readers.shutdownNow();
        }
    }
}
