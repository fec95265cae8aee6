package dev.baton.session;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Fans a session's events out to its live subscribers on this node. Events are delivered in publication order on
 * the publishing thread; the table stays the source of truth, so a subscriber that joins late replays from it.
 */
@Component
class SessionEventBus {

    private static final Logger log = LoggerFactory.getLogger(SessionEventBus.class);

    private final Map<UUID, Set<Consumer<SessionEvent>>> subscribers = new ConcurrentHashMap<>();

    /** Returns the handle that ends the subscription. */
    AutoCloseable subscribe(UUID sessionId, Consumer<SessionEvent> subscriber) {
        subscribers.computeIfAbsent(sessionId, id -> ConcurrentHashMap.newKeySet()).add(subscriber);
        return () -> subscribers.computeIfPresent(sessionId, (id, set) -> {
            set.remove(subscriber);
            return set.isEmpty() ? null : set;
        });
    }

    void publish(UUID sessionId, SessionEvent event) {
        for (Consumer<SessionEvent> subscriber : subscribers.getOrDefault(sessionId, Set.of())) {
            try {
                subscriber.accept(event);
            } catch (RuntimeException e) {
                // One broken subscriber must not stop the turn or starve the others.
                log.warn("Subscriber of session {} failed: {}", sessionId, e.toString());
            }
        }
    }

    int subscriberCount(UUID sessionId) {
        return subscribers.getOrDefault(sessionId, Set.of()).size();
    }
}
