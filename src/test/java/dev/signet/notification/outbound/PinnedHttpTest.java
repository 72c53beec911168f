package dev.signet.notification.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;

/**
 * Where {@link PinnedHttp} connects and what it reads, against real sockets on 127.0.0.1. Names are
 * resolved by a stand-in for DNS, so a public-looking name can answer one address to the check and
 * another afterwards, as a rebinding DNS server would.
 */
class PinnedHttpTest {

    private static final InetAddress PUBLIC = address("203.0.113.7");
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void aNameThatAnswersPublicFirstAndLoopbackAfterIsNeverConnectedToOnLoopback() throws Exception {
        try (ServerSocket inside = new ServerSocket(0, 5, LOOPBACK)) {
            AtomicInteger lookups = new AtomicInteger();
            Destinations.Resolver rebinding =
                    host -> new InetAddress[] {lookups.getAndIncrement() == 0 ? PUBLIC : LOOPBACK};
            PinnedHttp http = http(new Destinations(false, List.of(), rebinding));

            assertThatThrownBy(() -> http.exchange(
                            PinnedHttp.Request.get(
                                    "https://idp.example.com:" + inside.getLocalPort() + "/.well-known/x", Map.of()),
                            1024))
                    .as("the checked public address does not answer here")
                    .isInstanceOf(IOException.class);
            assertThat(lookups)
                    .as("one resolution, for the check and the connection")
                    .hasValue(1);
            assertThat(connectionTo(inside)).as("nothing reached loopback").isFalse();
        }
    }

    /** The control for the test above: the same listener is reached when the name is allowed to go there. */
    @Test
    void aTrustedNameReachesTheAddressItResolvesTo() throws Exception {
        try (ServerSocket inside = new ServerSocket(0, 5, LOOPBACK)) {
            PinnedHttp http =
                    http(new Destinations(false, List.of("idp.internal"), host -> new InetAddress[] {LOOPBACK}));
            CompletableFuture<Void> attempt = CompletableFuture.runAsync(() -> {
                try {
                    http.status(PinnedHttp.Request.get("http://idp.internal:" + inside.getLocalPort() + "/", Map.of()));
                } catch (Exception e) {
                    // the listener hangs up without an answer
                }
            });
            assertThat(connectionTo(inside)).isTrue();
            attempt.get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aHeaderWithALineBreakIsRefusedBeforeAnyConnection() throws Exception {
        try (ServerSocket inside = new ServerSocket(0, 5, LOOPBACK)) {
            PinnedHttp http =
                    http(new Destinations(false, List.of("idp.internal"), host -> new InetAddress[] {LOOPBACK}));
            assertThatThrownBy(() -> http.status(PinnedHttp.Request.get(
                            "http://idp.internal:" + inside.getLocalPort() + "/",
                            Map.of("Accept", "application/json\r\nX-Injected: yes"))))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThat(connectionTo(inside)).isFalse();
        }
    }

    @Test
    void theNamesAreRefusedAsWebhookDestinationsAreBeforeAnyConnection() {
        PinnedHttp http = http(new Destinations(false, List.of(), host -> new InetAddress[] {PUBLIC, LOOPBACK}));
        assertThatThrownBy(() -> http.status(PinnedHttp.Request.get("https://mixed.example.com/", Map.of())))
                .isInstanceOf(Destinations.Refused.class)
                .extracting(e -> ((Destinations.Refused) e).reason())
                .isEqualTo("resolves to a private, loopback, link-local or metadata address");
        assertThatThrownBy(() -> http.status(PinnedHttp.Request.get("http://idp.example.com/", Map.of())))
                .isInstanceOf(Destinations.Refused.class)
                .hasMessageContaining("https");
    }

    @Test
    void bodiesAreReadByLengthChunkedOrToTheEndAndBoundedInBytes() throws Exception {
        String json = "{\"issuer\":\"https://idp.example.com\"}";
        assertThat(answer("HTTP/1.1 200 OK\r\nContent-Length: " + json.length() + "\r\n\r\n" + json, 1024))
                .isEqualTo(json);
        assertThat(answer(
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + "a;ext=1\r\n{\"issuer\":\r\n1a\r\n\"https://idp.example.com\"}\r\n0\r\nX-Trailer: y\r\n\r\n",
                        1024))
                .isEqualTo(json);
        assertThat(answer("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\n" + json, 1024))
                .isEqualTo(json);
        assertThatThrownBy(() -> answer("HTTP/1.1 200 OK\r\nContent-Length: 2000\r\n\r\n", 1024))
                .isInstanceOf(PinnedHttp.TooLarge.class);
        assertThatThrownBy(() -> answer(
                        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n" + "x".repeat(1024)
                                + "\r\n1\r\nx\r\n0\r\n\r\n",
                        1024))
                .isInstanceOf(PinnedHttp.TooLarge.class);
        assertThatThrownBy(() -> answer("HTTP/1.1 200 OK\r\n\r\n" + "x".repeat(1025), 1024))
                .isInstanceOf(PinnedHttp.TooLarge.class);
    }

    /**
     * Over TLS the connection goes to the address, but the server is asked for the name (SNI), the
     * Host header carries it, and the certificate must name it: one for another name is refused.
     */
    @Test
    void tlsGoesToTheAddressButNamesAndVerifiesTheHost() throws Exception {
        Tls tls = Tls.forName("idp.test");
        try (SSLServerSocket server =
                (SSLServerSocket) tls.server().getServerSocketFactory().createServerSocket(0, 5, LOOPBACK)) {
            CompletableFuture<String> seen = CompletableFuture.supplyAsync(() -> serveOnce(server, "204 No Content"));
            Destinations names =
                    new Destinations(false, List.of("idp.test", "other.test"), host -> new InetAddress[] {LOOPBACK});
            PinnedHttp http = new PinnedHttp(
                    names,
                    Duration.ofSeconds(2),
                    Duration.ofSeconds(5),
                    4096,
                    "Signet-Test/1",
                    tls.client().getSocketFactory());

            int status = http.status(PinnedHttp.Request.post(
                    "https://idp.test:" + server.getLocalPort() + "/token?x=1",
                    Map.of("Accept", "application/json"),
                    "a=b".getBytes(StandardCharsets.UTF_8)));

            assertThat(status).isEqualTo(204);
            assertThat(seen.get(10, TimeUnit.SECONDS))
                    .startsWith("SNI idp.test\nPOST /token?x=1 HTTP/1.1\r\n")
                    .contains("\r\nHost: idp.test:" + server.getLocalPort() + "\r\n")
                    .contains("\r\nContent-Length: 3\r\n")
                    .contains("\r\nAccept: application/json\r\n");

            CompletableFuture<String> refused = CompletableFuture.supplyAsync(() -> serveOnce(server, "200 OK"));
            assertThatThrownBy(() -> http.status(
                            PinnedHttp.Request.get("https://other.test:" + server.getLocalPort() + "/", Map.of())))
                    .isInstanceOf(SSLHandshakeException.class);
            assertThat(refused.get(10, TimeUnit.SECONDS))
                    .as("no request was sent")
                    .doesNotContain("GET");
        }
    }

    private static PinnedHttp http(Destinations destinations) {
        return new PinnedHttp(destinations, Duration.ofMillis(500), Duration.ofSeconds(5), 4096, "Signet-Test/1");
    }

    /** Whether anything connected to the listener (one already queued is accepted at once). */
    private static boolean connectionTo(ServerSocket listener) throws IOException {
        listener.setSoTimeout(1000);
        try (Socket accepted = listener.accept()) {
            return true;
        } catch (SocketTimeoutException nobody) {
            return false;
        }
    }

    /** The body {@link PinnedHttp#exchange} reads from a server that sends these bytes, whatever is asked. */
    private static String answer(String raw, int maxBody) throws Exception {
        try (ServerSocket server = new ServerSocket(0, 5, LOOPBACK)) {
            CompletableFuture<Void> served = CompletableFuture.runAsync(() -> {
                try (Socket s = server.accept()) {
                    readHead(s.getInputStream());
                    s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
                } catch (IOException e) {
                    // the client hung up
                }
            });
            PinnedHttp http = http(new Destinations(true, List.of(), host -> new InetAddress[] {LOOPBACK}));
            try {
                PinnedHttp.Response response = http.exchange(
                        PinnedHttp.Request.get("http://127.0.0.1:" + server.getLocalPort() + "/", Map.of()), maxBody);
                assertThat(response.status()).isEqualTo(200);
                return new String(response.body(), StandardCharsets.UTF_8);
            } finally {
                served.get(10, TimeUnit.SECONDS);
            }
        }
    }

    /** Accepts one connection; returns "SNI <name>" and the request head it received ("" when none came). */
    private static String serveOnce(SSLServerSocket server, String status) {
        try (SSLSocket s = (SSLSocket) server.accept()) {
            s.setSoTimeout(5000);
            StringBuilder seen = new StringBuilder();
            try {
                s.startHandshake();
                ((ExtendedSSLSession) s.getSession())
                        .getRequestedServerNames()
                        .forEach(n -> seen.append("SNI ")
                                .append(((SNIHostName) n).getAsciiName())
                                .append('\n'));
                seen.append(readHead(s.getInputStream()));
                OutputStream out = s.getOutputStream();
                out.write(("HTTP/1.1 " + status + "\r\nContent-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
            } catch (IOException handshakeRefused) {
                // the client refused our certificate
            }
            return seen.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static InetAddress address(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed certificate for one name, made now: the server's key, and a client that trusts only it. */
    private record Tls(SSLContext server, SSLContext client) {

        static Tls forName(String name) throws Exception {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(256);
            KeyPair keys = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=" + name);
            Instant now = Instant.now();
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    subject,
                    BigInteger.valueOf(now.toEpochMilli()),
                    Date.from(now.minusSeconds(60)),
                    Date.from(now.plusSeconds(3600)),
                    subject,
                    keys.getPublic());
            builder.addExtension(
                    Extension.subjectAlternativeName,
                    false,
                    new GeneralNames(new GeneralName(GeneralName.dNSName, name)));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(
                            builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate())));

            char[] password = "test".toCharArray();
            KeyStore own = KeyStore.getInstance("PKCS12");
            own.load(null, null);
            own.setKeyEntry("server", keys.getPrivate(), password, new X509Certificate[] {certificate});
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(own, password);
            SSLContext server = SSLContext.getInstance("TLS");
            server.init(keyManagers.getKeyManagers(), null, null);

            KeyStore trusted = KeyStore.getInstance("PKCS12");
            trusted.load(null, null);
            trusted.setCertificateEntry("server", certificate);
            TrustManagerFactory trustManagers =
                    TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trusted);
            SSLContext client = SSLContext.getInstance("TLS");
            client.init(null, trustManagers.getTrustManagers(), null);
            return new Tls(server, client);
        }
    }
}
