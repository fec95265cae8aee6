package dev.baton.user;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class ApiKeyCacheTest {

    private static final CurrentUser ALICE = new CurrentUser(UUID.randomUUID(), "alice", Role.USER);

    private final MutableClock clock = new MutableClock();
    private final ApiKeyCache cache = new ApiKeyCache(clock, Duration.ofSeconds(10), 3);
    private final List<String> lookups = new ArrayList<>();

    private Function<String, Optional<CurrentUser>> database(Optional<CurrentUser> answer) {
        return hash -> {
            lookups.add(hash);
            return answer;
        };
    }

    @Test
    void aKnownKeyIsLookedUpOnceWithinTheTtl() {
        assertThat(cache.get("h1", database(Optional.of(ALICE)))).contains(ALICE);
        clock.advance(Duration.ofSeconds(9));
        assertThat(cache.get("h1", database(Optional.of(ALICE)))).contains(ALICE);

        assertThat(lookups).containsExactly("h1");
    }

    @Test
    void anEntryExpiresAfterTheTtl() {
        cache.get("h1", database(Optional.of(ALICE)));
        clock.advance(Duration.ofSeconds(10));

        assertThat(cache.get("h1", database(Optional.empty()))).isEmpty();
        assertThat(lookups).containsExactly("h1", "h1");
        assertThat(cache.size()).isZero();
    }

    @Test
    void aWrongKeyIsNeverCached() {
        for (int i = 0; i < 5; i++) {
            assertThat(cache.get("bad" + i, database(Optional.empty()))).isEmpty();
        }
        assertThat(cache.get("bad0", database(Optional.empty()))).isEmpty();

        assertThat(lookups).hasSize(6);
        assertThat(cache.size()).isZero();
    }

    @Test
    void theCacheNeverHoldsMoreThanItsBound() {
        for (int i = 0; i < 10; i++) {
            cache.get("h" + i, database(Optional.of(ALICE)));
            assertThat(cache.size()).isLessThanOrEqualTo(3);
        }
        assertThat(cache.get("h9", database(Optional.of(ALICE)))).contains(ALICE);
        assertThat(lookups).hasSize(10);
    }

    @Test
    void clearForgetsEveryKey() {
        cache.get("h1", database(Optional.of(ALICE)));
        cache.clear();

        assertThat(cache.get("h1", database(Optional.empty()))).isEmpty();
        assertThat(lookups).containsExactly("h1", "h1");
    }

    @Test
    void aLookupOverlappingAClearIsNotCached() {
        cache.get("h1", hash -> {
            cache.clear();
            return Optional.of(ALICE);
        });

        assertThat(cache.size()).isZero();
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-01-01T00:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
