package dev.baton.temporalui;

import dev.baton.user.KeyLogin;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Browser sessions of the login page: a random token in an HttpOnly cookie, kept in this JVM's memory only (a restart
 * signs everyone out). Each token holds a {@link KeyLogin.Proof}, checked again on every request, so removing the key
 * or the user ends the session as well.
 */
final class UiSessions {

    static final Duration TTL = Duration.ofHours(12);
    static final int MAX_SESSIONS = 10_000;
    private static final SecureRandom RANDOM = new SecureRandom();

    private record Session(KeyLogin.Proof proof, Instant expiresAt) {
    }

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final Clock clock;

    UiSessions(Clock clock) {
        this.clock = clock;
    }

    String open(KeyLogin.Proof proof) {
        Instant now = clock.instant();
        if (sessions.size() >= MAX_SESSIONS) {
            sessions.values().removeIf(session -> !now.isBefore(session.expiresAt()));
            if (sessions.size() >= MAX_SESSIONS) {
                // Bounded memory comes first: a flood of logins signs the oldest-looking sessions out.
                sessions.keySet().stream().limit(MAX_SESSIONS / 10).toList().forEach(sessions::remove);
            }
        }
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        sessions.put(token, new Session(proof, now.plus(TTL)));
        return token;
    }

    Optional<KeyLogin.Proof> find(String token) {
        Session session = sessions.get(token);
        if (session == null) {
            return Optional.empty();
        }
        if (!clock.instant().isBefore(session.expiresAt())) {
            sessions.remove(token, session);
            return Optional.empty();
        }
        return Optional.of(session.proof());
    }

    void close(String token) {
        sessions.remove(token);
    }
}
