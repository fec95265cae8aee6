package dev.baton.user;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Generating and hashing keys. A generated key carries 256 random bits, so a plain SHA-256 is enough to store it
 * safely and still lets us look a key up by its hash in one indexed query.
 */
final class ApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeys() {
    }

    static String generate() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "bat_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String hash(String rawKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(rawKey.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    static String prefix(String rawKey) {
        return rawKey.substring(0, Math.min(8, rawKey.length()));
    }
}
