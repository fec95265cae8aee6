package dev.baton.webhook;

import dev.baton.BatonProperties;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Seals webhook secrets for the database with AES-256-GCM, so a dump of the database alone gives none away. Each
 * sealed value is bound to its webhook's id (the GCM associated data): copied onto another row it does not open.
 * It names the key it was sealed with by a short fingerprint, so a node holding another key says so plainly.
 *
 * <p>The key is {@code BATON_WEBHOOKS_ENCRYPTION_KEY} (base64 of 32 bytes) or, without it, one generated on first
 * use into {@code <data dir>/webhook-encryption-key} (mode 600), as the admin key is.
 */
@Component
class SecretCipher {

    private static final Logger log = LoggerFactory.getLogger(SecretCipher.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String VERSION = "v1";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKeySpec key;
    private final String keyId;

    SecretCipher(WebhookProperties properties, BatonProperties baton) {
        byte[] raw = properties.encryptionKey().isBlank()
                ? fromFile(baton.dataDir().resolve("webhook-encryption-key"))
                : decode(properties.encryptionKey().strip(), "BATON_WEBHOOKS_ENCRYPTION_KEY");
        this.key = new SecretKeySpec(raw, "AES");
        this.keyId = fingerprint(raw);
    }

    /** A secret the database cannot be read for: {@code v1:<key fingerprint>:<base64 nonce and ciphertext>}. */
    String seal(UUID webhookId, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = cipher(Cipher.ENCRYPT_MODE, nonce, webhookId);
            byte[] sealed = cipher.doFinal(secret.getBytes(StandardCharsets.UTF_8));
            byte[] out = new byte[NONCE_BYTES + sealed.length];
            System.arraycopy(nonce, 0, out, 0, NONCE_BYTES);
            System.arraycopy(sealed, 0, out, NONCE_BYTES, sealed.length);
            return VERSION + ":" + keyId + ":" + Base64.getEncoder().encodeToString(out);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is part of every JDK", e);
        }
    }

    /** A stored secret this node cannot open; the message says why, and never holds the secret. */
    static final class CannotOpen extends IllegalStateException {
        CannotOpen(String message) {
            super(message);
        }
    }

    /** @throws CannotOpen when the value was sealed under another key or for another webhook */
    String open(UUID webhookId, String sealed) {
        String[] parts = sealed.split(":", 3);
        if (parts.length != 3 || !parts[0].equals(VERSION)) {
            throw new CannotOpen("the secret of webhook " + webhookId + " is not in a form Baton knows");
        }
        if (!parts[1].equals(keyId)) {
            throw new CannotOpen("the secret of webhook " + webhookId + " was sealed with encryption key "
                    + parts[1] + ", but this node has key " + keyId
                    + ": set BATON_WEBHOOKS_ENCRYPTION_KEY to the same value on every node");
        }
        byte[] in = Base64.getDecoder().decode(parts[2]);
        try {
            Cipher cipher = cipher(Cipher.DECRYPT_MODE, java.util.Arrays.copyOf(in, NONCE_BYTES), webhookId);
            return new String(cipher.doFinal(in, NONCE_BYTES, in.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            throw new CannotOpen("the secret of webhook " + webhookId + " does not open with this node's"
                    + " encryption key " + keyId + " (was it copied from another row?)");
        }
    }

    private Cipher cipher(int mode, byte[] nonce, UUID webhookId) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        cipher.updateAAD(webhookId.toString().getBytes(StandardCharsets.US_ASCII));
        return cipher;
    }

    private static byte[] fromFile(Path file) {
        try {
            if (Files.notExists(file)) {
                generate(file);
            }
            return decode(Files.readString(file).strip(), file.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the webhook encryption key " + file, e);
        }
    }

    private static void generate(Path file) throws IOException {
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        Files.createDirectories(file.getParent());
        Path partial = Files.createTempFile(file.getParent(), "webhook-encryption-key", ".tmp",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(partial, Base64.getEncoder().encodeToString(raw) + System.lineSeparator());
        try {
            // A link, not a move: of two nodes generating at once on one directory, exactly one key wins.
            Files.createLink(file, partial);
            log.info("Generated the key that seals webhook secrets and wrote it to {} (set"
                    + " BATON_WEBHOOKS_ENCRYPTION_KEY to choose one; every node needs the same)", file);
        } catch (FileAlreadyExistsException another) {
            // Another process generated it first; use theirs.
        } finally {
            Files.deleteIfExists(partial);
        }
    }

    private static byte[] decode(String base64, String source) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(source + " must be base64 (of 32 random bytes, e.g. `openssl rand -base64"
                    + " 32`)");
        }
        if (raw.length != 32) {
            throw new IllegalStateException(source + " must hold 32 bytes in base64 (e.g. `openssl rand -base64 32`),"
                    + " not " + raw.length);
        }
        return raw;
    }

    private static String fingerprint(byte[] raw) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw), 0, 4);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
