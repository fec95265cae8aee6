package dev.baton.webhook;

import dev.baton.web.InvalidFieldException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Where webhooks may send (against server-side request forgery): {@code https} URLs whose host resolves only to
 * public addresses. {@code BATON_WEBHOOKS_ALLOW_PRIVATE_NETWORKS=true} also allows plain {@code http} and loopback,
 * private, link-local and unique-local addresses. A URL is checked when it is saved and again before each delivery,
 * since its DNS can change; the delivery then connects to what this check resolved (the JVM caches a successful
 * lookup for 30 s).
 */
@Component
class Destinations {

    private static final String SETTING = "BATON_WEBHOOKS_ALLOW_PRIVATE_NETWORKS";

    /** Looks a host up; {@link InetAddress#getAllByName} outside tests. */
    interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** The destination is not allowed; retrying cannot change that until its DNS or the setting does. */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private final boolean allowPrivate;
    private final Resolver resolver;

    @Autowired
    Destinations(WebhookProperties properties) {
        this(properties.allowPrivateNetworks(), InetAddress::getAllByName);
    }

    Destinations(boolean allowPrivate, Resolver resolver) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
    }

    /**
     * A URL a webhook may be saved with.
     *
     * @throws InvalidFieldException naming {@code url} and what is wrong with it
     */
    URI validate(String url) {
        try {
            URI uri = parse(url);
            check(uri);
            return uri;
        } catch (Refused e) {
            throw new InvalidFieldException("url", e.getMessage());
        } catch (UnknownHostException e) {
            throw new InvalidFieldException("url", "its host does not resolve");
        }
    }

    /**
     * Checks where {@code uri} leads now.
     *
     * @throws Refused when it is not allowed
     * @throws UnknownHostException when its host does not resolve (a DNS outage may pass)
     */
    void check(URI uri) throws Refused, UnknownHostException {
        for (InetAddress address : resolver.resolve(uri.getHost())) {
            String kind = refusedKind(address);
            if (kind != null && !allowPrivate) {
                throw new Refused("its host resolves to a " + kind + " address, which webhooks may not call ("
                        + SETTING + "=true allows it)");
            }
        }
    }

    private URI parse(String url) throws Refused {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new Refused("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        if (scheme == null || uri.isOpaque()) {
            throw new Refused("must be an absolute https URL");
        }
        if (!scheme.equals("https") && !scheme.equals("http")) {
            throw new Refused("scheme '" + scheme + "' is not allowed; use https");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new Refused("has no host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new Refused("must not carry a user name or password; authenticate deliveries by their signature");
        }
        if (scheme.equals("http") && !allowPrivate) {
            throw new Refused("plain http is refused; use https (" + SETTING + "=true allows http)");
        }
        return uri;
    }

    /** Why an address is off limits by default, or null when it is public. */
    static String refusedKind(InetAddress address) {
        if (address.isLoopbackAddress()) {
            return "loopback";
        }
        if (address.isAnyLocalAddress()) {
            return "unspecified";
        }
        if (address.isLinkLocalAddress()) {
            return "link-local";
        }
        if (address.isSiteLocalAddress()) {
            return "private";
        }
        if (address.isMulticastAddress()) {
            return "multicast";
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            if (b[0] == 0) {
                return "unspecified";
            }
            if ((b[0] & 0xff) == 100 && (b[1] & 0xc0) == 64) {
                return "private"; // 100.64.0.0/10, carrier-grade NAT
            }
            return null;
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return "unique-local"; // fc00::/7
            }
            InetAddress embedded = embeddedIpv4(b);
            return embedded == null ? null : refusedKind(embedded);
        }
        return null;
    }

    /** The IPv4 address inside an IPv4-mapped, IPv4-compatible or NAT64 (64:ff9b::/96) IPv6 address. */
    private static InetAddress embeddedIpv4(byte[] b) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        boolean mapped = zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0;
        boolean nat64 = (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        for (int i = 4; nat64 && i < 12; i++) {
            nat64 = b[i] == 0;
        }
        if (!mapped && !compatible && !nat64) {
            return null;
        }
        try {
            return InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
        } catch (UnknownHostException e) {
            throw new IllegalStateException("four bytes are an IPv4 address", e);
        }
    }
}
