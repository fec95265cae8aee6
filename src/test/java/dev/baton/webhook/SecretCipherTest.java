package dev.baton.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.BatonProperties;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Webhook secrets as stored: sealed, bound to their webhook, and openable only with the same key. */
class SecretCipherTest {

    @TempDir
    Path dataDir;

    private static WebhookProperties withKey(String key) {
        return new WebhookProperties(false, key, new WebhookProperties.Retry(null, null, null), 5, null, null, null,
                "Baton-Webhooks");
    }

    private SecretCipher cipher(String key) {
        return new SecretCipher(withKey(key), new BatonProperties(dataDir));
    }

    @Test
    void sealsSoThatTheStoredFormHidesTheSecretAndOpensItAgain() {
        SecretCipher cipher = cipher("");
        UUID webhook = UUID.randomUUID();
        String secret = StandardWebhooks.newSecret();

        String sealed = cipher.seal(webhook, secret);

        assertThat(sealed).startsWith("v1:").doesNotContain(secret).doesNotContain(secret.substring(6))
                .isNotEqualTo(cipher.seal(webhook, secret));
        assertThat(cipher.open(webhook, sealed)).isEqualTo(secret);
        assertThat(cipher("").open(webhook, sealed)).as("the generated key is kept for the next start")
                .isEqualTo(secret);
    }

    @Test
    void generatesItsKeyIntoTheDataDirectoryReadableByTheOwnerOnly() throws Exception {
        cipher("");

        Path file = dataDir.resolve("webhook-encryption-key");
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aValueCopiedToAnotherWebhookOrOpenedWithAnotherKeyDoesNotOpen() {
        String key = Base64.getEncoder().encodeToString(new byte[32]);
        SecretCipher cipher = cipher(key);
        UUID webhook = UUID.randomUUID();
        String sealed = cipher.seal(webhook, "whsec_c2VjcmV0");

        assertThatThrownBy(() -> cipher.open(UUID.randomUUID(), sealed)).hasMessageContaining("does not open");
        assertThatThrownBy(() -> cipher("").open(webhook, sealed))
                .hasMessageContaining("BATON_WEBHOOKS_ENCRYPTION_KEY to the same value on every node");
    }

    @Test
    void refusesAKeyThatIsNot32BytesOfBase64() {
        assertThatThrownBy(() -> cipher("short")).hasMessageContaining("BATON_WEBHOOKS_ENCRYPTION_KEY");
        assertThatThrownBy(() -> cipher(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessageContaining("32 bytes");
    }
}
