package dev.baton.testing;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A receiver's check of a Standard Webhooks signature, written from the specification alone and sharing no code
 * with Baton's signer: the key is the base64-decoded part of the secret after {@code whsec_}, and a valid
 * {@code webhook-signature} holds, among its space-separated entries, {@code v1,} followed by the base64 of
 * HMAC-SHA256(key, id + "." + timestamp + "." + body).
 */
public final class StandardWebhooksVerifier {

    private StandardWebhooksVerifier() {
    }

    public static boolean verifies(String secret, String id, String timestamp, String body, String signatureHeader) {
        if (!secret.startsWith("whsec_") || id == null || timestamp == null || signatureHeader == null) {
            return false;
        }
        byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
        byte[] expected;
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            expected = mac.doFinal((id + "." + timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return Arrays.stream(signatureHeader.split(" "))
                .filter(entry -> entry.startsWith("v1,"))
                .map(entry -> entry.substring(3))
                .anyMatch(signature -> {
                    try {
                        return MessageDigest.isEqual(Base64.getDecoder().decode(signature), expected);
                    } catch (IllegalArgumentException notBase64) {
                        return false;
                    }
                });
    }
}
