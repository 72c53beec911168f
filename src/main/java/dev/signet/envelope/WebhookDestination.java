package dev.signet.envelope;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where an envelope's webhooks may go (design/api.md): HTTPS to a public address. A webhook is a
 * request Signet makes on a caller's behalf, so an address inside our own network (private,
 * loopback, link-local, cloud metadata) would let a caller probe it. Sandbox keys may use loopback,
 * over http too, to test against a receiver on their own machine.
 *
 * <p>Only what the URL itself says is judged here, without DNS: a name can resolve differently at
 * delivery time, so the dispatcher must check the resolved address again.
 */
final class WebhookDestination {

    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    // Forms like 2130706433, 127.1 or 0x7f.0.0.1 that some resolvers read as IPv4 addresses.
    private static final Pattern NUMERIC_HOST = Pattern.compile("(0x[0-9a-f]*|\\d+)(\\.(0x[0-9a-f]*|\\d+))*\\.?");

    private WebhookDestination() {}

    /** @return why the URL may not receive webhooks, or empty when it may */
    static Optional<String> problem(String url, boolean sandbox) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (host == null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("must be an absolute https URL");
        }
        Optional<InetAddress> literal = literalAddress(host);
        boolean loopback = host.equals("localhost")
                || host.endsWith(".localhost")
                || literal.map(InetAddress::isLoopbackAddress).orElse(false);
        if (sandbox && loopback) {
            return Optional.empty();
        }
        if (!scheme.equals("https")) {
            return Optional.of(
                    sandbox ? "must be an https URL (sandbox also allows http on loopback)" : "must be an https URL");
        }
        boolean internal = literal.isPresent()
                ? internal(literal.get())
                : loopback || internalName(host) || NUMERIC_HOST.matcher(host).matches();
        if (internal) {
            return Optional.of(
                    "must be a public address: private, loopback, link-local and metadata addresses" + " are refused");
        }
        return Optional.empty();
    }

    /** The address an IP literal stands for; never a DNS lookup (host names give empty). */
    private static Optional<InetAddress> literalAddress(String host) {
        boolean ipv6 = host.startsWith("[") && host.endsWith("]");
        if (!ipv6 && !DOTTED_QUAD.matcher(host).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByName(ipv6 ? host.substring(1, host.length() - 1) : host));
        } catch (UnknownHostException e) {
            return Optional.empty();
        }
    }

    /** Names that resolve only inside a network: single labels (search domains), .internal, .local. */
    private static boolean internalName(String host) {
        return host.endsWith(".internal") || host.endsWith(".local") || host.indexOf('.') < 0;
    }

    private static boolean internal(InetAddress a) {
        if (a.isLoopbackAddress()
                || a.isAnyLocalAddress()
                || a.isLinkLocalAddress()
                || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            // 0/8 "this network", 100.64/10 carrier-grade NAT, 240/4 reserved
            return first == 0 || (first == 100 && second >= 64 && second < 128) || first >= 240;
        }
        // fc00::/7 unique local (cloud metadata lives here too, e.g. fd00:ec2::254)
        return (b[0] & 0xfe) == 0xfc;
    }
}
