package dev.baton.user;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Successful key lookups, by key hash, so that a caller sending many requests does not cost a database query on
 * each one. Only keys that matched somebody are kept: a wrong key always goes to the database, so a flood of bad
 * keys can neither grow this cache nor be answered from it.
 *
 * <p>The TTL is short on purpose. Every change to keys or users made on this node clears the cache, but a node
 * cannot see changes made on another node (for example a bootstrap key rotated by a node starting with a new
 * {@code BATON_ADMIN_API_KEY}, which deletes the old key): such a removed key stays valid here for at most
 * {@link #TTL}. The bound keeps memory flat however many distinct keys are used; when it is reached the cache is
 * simply emptied, which costs one query per active key and needs no bookkeeping on the hot path.
 */
final class ApiKeyCache {

    static final Duration TTL = Duration.ofSeconds(10);
    static final int MAX_ENTRIES = 10_000;

    private record Entry(CurrentUser user, Instant expiresAt) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    /** Counts clears, so a lookup that began before one does not cache what it read. */
    private final AtomicLong generation = new AtomicLong();
    private final Clock clock;
    private final Duration ttl;
    private final int maxEntries;

    ApiKeyCache() {
        this(Clock.systemUTC(), TTL, MAX_ENTRIES);
    }

    ApiKeyCache(Clock clock, Duration ttl, int maxEntries) {
        this.clock = clock;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
    }

    /** The cached user for {@code keyHash}, else the result of {@code lookup}, which is cached only if present. */
    Optional<CurrentUser> get(String keyHash, Function<String, Optional<CurrentUser>> lookup) {
        Instant now = clock.instant();
        Entry entry = entries.get(keyHash);
        if (entry != null) {
            if (now.isBefore(entry.expiresAt())) {
                return Optional.of(entry.user());
            }
            entries.remove(keyHash, entry);
        }
        long before = generation.get();
        Optional<CurrentUser> found = lookup.apply(keyHash);
        found.ifPresent(user -> {
            put(keyHash, new Entry(user, now.plus(ttl)));
            if (generation.get() != before) {
                entries.remove(keyHash);
            }
        });
        return found;
    }

    /** Forgets everything, after a key or user changed. */
    void clear() {
        generation.incrementAndGet();
        entries.clear();
    }

    int size() {
        return entries.size();
    }

    private void put(String keyHash, Entry entry) {
        if (entries.size() >= maxEntries && !entries.containsKey(keyHash)) {
            entries.clear();
        }
        entries.put(keyHash, entry);
    }
}
