package dev.baton.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.baton.web.InvalidFieldException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Which URLs a webhook may call, by default and with private networks allowed. */
class DestinationsTest {

    /** A DNS of our own: names that resolve to addresses an attacker would aim at. */
    private static final Map<String, String> DNS = Map.of(
            "hooks.example.com", "93.184.216.34",
            "rebound.example.com", "127.0.0.1",
            "metadata.example.com", "169.254.169.254",
            "intranet.example.com", "10.1.2.3",
            "v6-internal.example.com", "fd12:3456:789a::1");

    private static Destinations destinations(boolean allowPrivate) {
        return new Destinations(allowPrivate, host -> {
            String address = DNS.get(host);
            if (address == null) {
                return InetAddress.getAllByName(host); // literals only: no lookup leaves this machine
            }
            return new InetAddress[] {InetAddress.getByName(address)};
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1/hook", "https://localhost/hook", "https://[::1]/hook",
        "https://10.0.0.5/hook", "https://172.16.9.9/hook", "https://192.168.1.1/hook", "https://169.254.169.254/",
        "https://[fe80::1]/hook", "https://[fd00::1]/hook", "https://[fc00::1]/hook", "https://0.0.0.0/hook",
        "https://[::]/hook", "https://[::ffff:127.0.0.1]/hook", "https://[64:ff9b::a00:1]/hook",
        "https://100.64.0.1/hook", "https://rebound.example.com/hook", "https://metadata.example.com/latest",
        "https://intranet.example.com/hook", "https://v6-internal.example.com/hook"})
    void refusesLoopbackPrivateLinkLocalAndUniqueLocalDestinations(String url) {
        assertThatThrownBy(() -> destinations(false).validate(url))
                .isInstanceOf(InvalidFieldException.class)
                .hasMessageStartingWith("url: its host resolves to a")
                .hasMessageContaining("BATON_WEBHOOKS_ALLOW_PRIVATE_NETWORKS");
        assertThat(destinations(true).validate(url.replace("https:", "http:"))).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://hooks.example.com/hook", "file:///etc/passwd", "gopher://hooks.example.com/",
        "mailto:ops@example.com", "https://user:secret@hooks.example.com/hook", "/relative/hook", "https:///hook",
        "not a url"})
    void refusesOtherSchemesCredentialsAndMalformedUrlsWhateverTheSetting(String url) {
        for (boolean allowPrivate : new boolean[] {false, true}) {
            assertThatThrownBy(() -> destinations(allowPrivate).validate(url))
                    .isInstanceOf(InvalidFieldException.class).hasMessageStartingWith("url: ");
        }
    }

    @Test
    void plainHttpNeedsTheSetting() {
        assertThatThrownBy(() -> destinations(false).validate("http://hooks.example.com/hook"))
                .hasMessageContaining("plain http is refused");
        assertThat(destinations(true).validate("http://hooks.example.com/hook").getHost())
                .isEqualTo("hooks.example.com");
        assertThat(destinations(false).validate("https://hooks.example.com/hook?x=1").toString())
                .isEqualTo("https://hooks.example.com/hook?x=1");
        assertThat(destinations(false).validate("https://93.184.216.34:8443/hook").getPort()).isEqualTo(8443);
    }

    @Test
    void aHostThatLaterResolvesPrivatelyIsRefusedAtDelivery() throws Exception {
        var dns = new java.util.concurrent.atomic.AtomicReference<>("93.184.216.34");
        var checked = new Destinations(false, host -> new InetAddress[] {InetAddress.getByName(dns.get())});
        URI url = checked.validate("https://hooks.example.com/hook");

        dns.set("127.0.0.1");

        assertThatThrownBy(() -> checked.check(url)).isInstanceOf(Destinations.Refused.class)
                .hasMessageContaining("loopback");
    }

    @Test
    void anUnresolvableHostIsRefusedWhenSavedAndRetriedWhenDelivering() {
        var nowhere = new Destinations(false, host -> {
            throw new UnknownHostException(host);
        });
        assertThatThrownBy(() -> nowhere.validate("https://gone.example.com/hook"))
                .hasMessage("url: its host does not resolve");
        assertThatThrownBy(() -> nowhere.check(URI.create("https://gone.example.com/hook")))
                .isInstanceOf(UnknownHostException.class);
    }
}
