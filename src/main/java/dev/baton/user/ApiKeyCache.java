package dev.baton.user;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
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
 * {@link #TTL}. The bound keeps memory flat however many distinct keys are used; Caffeine evicts the keys least
 * likely to be used again.
 */
final class ApiKeyCache {

    static final Duration TTL = Duration.ofSeconds(10);
    static final int MAX_ENTRIES = 10_000;

    private final Cache<String, CurrentUser> entries;
    /** Counts clears, so a lookup that began before one does not cache what it read. */
    private final AtomicLong generation = new AtomicLong();

    ApiKeyCache() {
        this(Clock.systemUTC(), TTL, MAX_ENTRIES);
    }

    ApiKeyCache(Clock clock, Duration ttl, int maxEntries) {
        this.entries = Caffeine.newBuilder()
                .expireAfterWrite(ttl)
                .maximumSize(maxEntries)
                .ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
                // Evictions on the calling thread: there are few, and the bound then holds at once.
                .executor(Runnable::run)
                .build();
    }

    /** The cached user for {@code keyHash}, else the result of {@code lookup}, which is cached only if present. */
    Optional<CurrentUser> get(String keyHash, Function<String, Optional<CurrentUser>> lookup) {
        CurrentUser cached = entries.getIfPresent(keyHash);
        if (cached != null) {
            return Optional.of(cached);
        }
        long before = generation.get();
        Optional<CurrentUser> found = lookup.apply(keyHash);
        found.ifPresent(user -> {
            entries.put(keyHash, user);
            if (generation.get() != before) {
                entries.invalidate(keyHash);
            }
        });
        return found;
    }

    /** Forgets everything, after a key or user changed. */
    void clear() {
        generation.incrementAndGet();
        entries.invalidateAll();
    }

    int size() {
        entries.cleanUp();
        return (int) entries.estimatedSize();
    }
}
