package dev.baton.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.baton.testing.StandardWebhooksVerifier;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Baton's signer against the Standard Webhooks specification's published test vector and a separate verifier. */
class StandardWebhooksTest {

    // From the Standard Webhooks reference implementations' tests.
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final String ID = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private static final String BODY = "{\"test\": 2432232314}";
    private static final String EXPECTED = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    @Test
    void reproducesThePublishedSignature() {
        assertThat(StandardWebhooks.signature(ID, 1614265330, BODY, List.of(SECRET))).isEqualTo(EXPECTED);
        assertThat(StandardWebhooksVerifier.verifies(SECRET, ID, "1614265330", BODY, EXPECTED)).isTrue();
        assertThat(StandardWebhooksVerifier.verifies(SECRET, ID, "1614265331", BODY, EXPECTED)).isFalse();
    }

    @Test
    void signsWithEverySecretInOrderSeparatedBySpaces() {
        String other = StandardWebhooks.newSecret();
        String header = StandardWebhooks.signature(ID, 1614265330, BODY, List.of(other, SECRET));

        assertThat(header.split(" ")).hasSize(2);
        assertThat(header.split(" ")[1]).isEqualTo(EXPECTED);
        assertThat(StandardWebhooksVerifier.verifies(other, ID, "1614265330", BODY, header)).isTrue();
        assertThat(StandardWebhooksVerifier.verifies(SECRET, ID, "1614265330", BODY, header)).isTrue();
    }

    @Test
    void newSecretsAreStandardWebhooksSecretsOf32RandomBytes() {
        String secret = StandardWebhooks.newSecret();

        assertThat(secret).startsWith("whsec_").isNotEqualTo(StandardWebhooks.newSecret());
        assertThat(java.util.Base64.getDecoder().decode(secret.substring(6))).hasSize(32);
    }
}
