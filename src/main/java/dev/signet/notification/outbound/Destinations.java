package dev.signet.notification.outbound;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Collection;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Where Signet may send a request whose address someone outside the operator chose (a webhook
 * endpoint, an organisation's OpenID provider), judged when it is sent: the destination's name is
 * resolved once, every address it resolves to must be public, and {@link PinnedHttp} then connects
 * to one of those checked addresses (never to the name again), so a DNS answer that changes between
 * the check and the connection cannot point Signet inside its own network. Outside embedded mode
 * only HTTPS is allowed.
 *
 * <p>Embedded mode runs on the integrator's own machine: any address and http are allowed there.
 * Hosts the operator lists as trusted (each use has its setting) are allowed the same way.
 */
public final class Destinations {

    // Forms like 2130706433, 127.1 or 0x7f.0.0.1 that some resolvers read as IPv4 addresses.
    private static final Pattern NUMERIC_HOST =
            Pattern.compile("(0x[0-9a-f]{0,8}|\\d{1,10})(\\.(0x[0-9a-f]{0,8}|\\d{1,10})){0,3}\\.?");

    /** Resolves a host name to all its addresses; {@link InetAddress#getAllByName} outside tests. */
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Where to connect: the checked address, with the name kept for TLS (SNI and certificate). */
    record Target(URI uri, String host, int port, boolean tls, InetAddress address) {}

    /** A destination Signet will not send to; the reason reads after the destination's name. */
    public static final class Refused extends Exception {

        private final String reason;

        Refused(String reason) {
            super("Destination " + reason);
            this.reason = reason;
        }

        /** Why, as "does not resolve", "must be an https URL": to follow "the destination", "the provider's address". */
        public String reason() {
            return reason;
        }
    }

    private final boolean embedded;
    private final Set<String> trusted;
    private final Resolver resolver;

    public Destinations(boolean embedded, Collection<String> trustedHosts, Resolver resolver) {
        this.embedded = embedded;
        this.trusted = trustedHosts.stream()
                .filter(h -> !h.isBlank())
                .map(h -> h.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.resolver = resolver;
    }

    /** What the URL alone says, without DNS: for checks when an address is saved. */
    public Optional<String> problemWithoutDns(String url) {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            return Optional.of("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http")) || uri.getUserInfo() != null) {
            return Optional.of("must be an absolute https URL without user information");
        }
        String host = host(uri);
        if (relaxed(host)) {
            return Optional.empty();
        }
        if (!scheme.equals("https")) {
            return Optional.of("must be an https URL");
        }
        if (literal(host) && internalLiteral(host)) {
            return Optional.of(
                    "must be a public address: private, loopback, link-local and metadata addresses are refused");
        }
        if (!literal(host) && NUMERIC_HOST.matcher(host).matches()) {
            // 2130706433, 127.1, 0x7f.0.0.1: resolvers read these as addresses, whatever they say
            return Optional.of("must be a public address: a host written as a number is refused");
        }
        if (host.equals("localhost")
                || host.endsWith(".localhost")
                || host.endsWith(".internal")
                || host.endsWith(".local")
                || host.indexOf('.') < 0 && !host.contains(":")) {
            return Optional.of(
                    "must be a public address: private, loopback, link-local and metadata addresses are refused");
        }
        return Optional.empty();
    }

    /** Resolves and checks the destination now, just before a request: the one resolution the connection uses. */
    Target check(String url) throws Refused {
        Optional<String> problem = problemWithoutDns(url);
        if (problem.isPresent()) {
            throw new Refused(problem.get());
        }
        URI uri = URI.create(url);
        String host = host(uri);
        boolean tls = "https".equalsIgnoreCase(uri.getScheme());
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 443 : 80;
        InetAddress[] addresses;
        try {
            addresses = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new Refused("does not resolve");
        }
        if (addresses == null || addresses.length == 0) {
            throw new Refused("does not resolve");
        }
        if (!relaxed(host)) {
            for (InetAddress address : addresses) {
                if (internal(address)) {
                    throw new Refused("resolves to a private, loopback, link-local or metadata address");
                }
            }
        }
        return new Target(uri, host, port, tls, addresses[0]);
    }

    /** An IPv4 or IPv6 address written out, which names itself without DNS. */
    private static boolean literal(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static boolean internalLiteral(String host) {
        try {
            return internal(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return true;
        }
    }

    private boolean relaxed(String host) {
        return embedded || trusted.contains(host);
    }

    private static String host(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Loopback, unspecified, link-local (169.254/16 holds cloud metadata), private, multicast and reserved ranges. */
    static boolean internal(InetAddress a) {
        if (a.isLoopbackAddress()
                || a.isAnyLocalAddress()
                || a.isLinkLocalAddress()
                || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (b.length == 16 && isIpv4Mapped(b)) {
            byte[] v4 = new byte[] {b[12], b[13], b[14], b[15]};
            try {
                return internal(InetAddress.getByAddress(v4));
            } catch (UnknownHostException e) {
                return true;
            }
        }
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            // 0/8 "this network", 100.64/10 shared (carrier-grade NAT), 192.0.0/24 protocol assignments, 198.18/15
            // benchmarking, 240/4 reserved and broadcast
            return first == 0
                    || (first == 100 && second >= 64 && second < 128)
                    || (first == 192 && second == 0 && (b[2] & 0xff) == 0)
                    || (first == 198 && (second == 18 || second == 19))
                    || first >= 240;
        }
        // fc00::/7 unique local (cloud metadata lives here too, e.g. fd00:ec2::254), 64:ff9b::/96 NAT64 is allowed
        return (b[0] & 0xfe) == 0xfc;
    }

    private static boolean isIpv4Mapped(byte[] b) {
        for (int i = 0; i < 10; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
    }
}
