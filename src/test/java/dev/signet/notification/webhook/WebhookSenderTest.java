package dev.signet.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.signet.notification.outbound.Destinations;
import dev.signet.notification.outbound.PinnedHttp;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Where the sender refuses to go, checked when it sends, and how long it listens. A real server on
 * 127.0.0.1 counts what reaches it; names are resolved by a stand-in for DNS, so a public-looking
 * name can answer with a loopback address, as a hostile or rebinding DNS server would.
 */
class WebhookSenderTest {

    private HttpServer server;
    private final AtomicInteger hits = new AtomicInteger();

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            hits.incrementAndGet();
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int port() {
        return server.getAddress().getPort();
    }

    private static Destinations.Resolver dns(Map<String, String> answers) {
        return host -> {
            String answer = answers.get(host);
            if (answer == null) {
                throw new UnknownHostException(host);
            }
            String[] addresses = answer.split(",");
            InetAddress[] resolved = new InetAddress[addresses.length];
            for (int i = 0; i < addresses.length; i++) {
                resolved[i] = InetAddress.getByName(addresses[i]);
            }
            return resolved;
        };
    }

    private static WebhookSender sender(
            boolean embedded, List<String> trusted, Destinations.Resolver dns, Duration responseTimeout) {
        return new WebhookSender(new PinnedHttp(
                new Destinations(embedded, trusted, dns),
                Duration.ofSeconds(2),
                responseTimeout,
                1024,
                "Signet-Webhooks/1"));
    }

    private static WebhookSender.Result post(WebhookSender sender, String url) {
        return sender.post(url, Map.of("webhook-id", "msg_1"), "{}".getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aPublicNameThatResolvesToLoopbackIsRefusedWhenSentAndNothingReachesTheAddress() {
        WebhookSender live =
                sender(false, List.of(), dns(Map.of("hooks.example.com", "127.0.0.1")), Duration.ofSeconds(2));
        WebhookSender.Result result = post(live, "https://hooks.example.com:" + port() + "/signet");
        assertThat(result.delivered()).isFalse();
        assertThat(result.statusCode()).isZero();
        assertThat(result.error()).contains("private, loopback, link-local or metadata");
        assertThat(hits).hasValue(0);
    }

    @Test
    void oneInternalAnswerAmongPublicOnesIsEnoughToRefuse() {
        WebhookSender live = sender(
                false,
                List.of(),
                dns(Map.of("mixed.example.com", "93.184.216.34,169.254.169.254")),
                Duration.ofSeconds(2));
        assertThat(post(live, "https://mixed.example.com/hook").error()).contains("metadata");
    }

    @Test
    void metadataPrivateAndLoopbackLiteralsAreRefused() {
        WebhookSender live = sender(false, List.of(), InetAddress::getAllByName, Duration.ofSeconds(2));
        for (String url : List.of(
                "https://169.254.169.254/latest/meta-data",
                "https://10.0.0.7/hook",
                "https://192.168.1.1/hook",
                "https://127.0.0.1:" + port() + "/hook",
                "https://[::1]:" + port() + "/hook",
                "https://[fd00:ec2::254]/hook",
                "https://[::ffff:127.0.0.1]:" + port() + "/hook",
                "https://0.0.0.0/hook",
                "https://100.64.0.1/hook")) {
            assertThat(post(live, url).error()).as(url).contains("Destination");
        }
        assertThat(hits).hasValue(0);
    }

    @Test
    void plainHttpIsRefusedOutsideEmbeddedMode() {
        WebhookSender live =
                sender(false, List.of(), dns(Map.of("hooks.example.com", "93.184.216.34")), Duration.ofSeconds(2));
        assertThat(post(live, "http://hooks.example.com/hook").error()).contains("https");
    }

    /** The control for the refusals above: the same server is reached when the policy allows it. */
    @Test
    void embeddedModeAndOperatorTrustedHostsReachALocalReceiver() {
        WebhookSender embedded = sender(true, List.of(), dns(Map.of("127.0.0.1", "127.0.0.1")), Duration.ofSeconds(2));
        WebhookSender.Result result = post(embedded, "http://127.0.0.1:" + port() + "/hook");
        assertThat(result.statusCode()).isEqualTo(204);
        assertThat(result.delivered()).isTrue();
        WebhookSender trusted = sender(
                false,
                List.of("receiver.internal"),
                dns(Map.of("receiver.internal", "127.0.0.1")),
                Duration.ofSeconds(2));
        assertThat(post(trusted, "http://receiver.internal:" + port() + "/hook").statusCode())
                .isEqualTo(204);
        assertThat(hits).hasValue(2);
    }

    /** A receiver that takes the request and then drips its answer a byte at a time is cut off on time. */
    @Test
    void aSlowAnswerIsCutOffAtTheResponseTimeoutHoweverItDribbles() throws Exception {
        try (ServerSocket slow = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread dripper = new Thread(() -> {
                try (Socket s = slow.accept()) {
                    OutputStream out = s.getOutputStream();
                    for (byte b : "HTTP/1.1 200 OK".getBytes(StandardCharsets.US_ASCII)) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(300);
                    }
                } catch (IOException | InterruptedException e) {
                    // the sender hung up, as it should
                }
            });
            dripper.start();
            WebhookSender embedded = sender(true, List.of(), InetAddress::getAllByName, Duration.ofSeconds(1));
            long start = System.nanoTime();
            WebhookSender.Result result = post(embedded, "http://127.0.0.1:" + slow.getLocalPort() + "/hook");
            long took = (System.nanoTime() - start) / 1_000_000;
            assertThat(result.delivered()).isFalse();
            assertThat(result.error()).isEqualTo("Timed out");
            assertThat(took).isBetween(900L, 2500L);
            dripper.interrupt();
        }
    }

    @Test
    void anEndlessAnswerIsReadOnlyUpToTheByteLimit() throws Exception {
        try (ServerSocket endless = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread flood = new Thread(() -> {
                try (Socket s = endless.accept()) {
                    OutputStream out = s.getOutputStream();
                    byte[] chunk = new byte[8192];
                    java.util.Arrays.fill(chunk, (byte) 'A');
                    for (int i = 0; i < 10_000; i++) {
                        out.write(chunk);
                    }
                } catch (IOException e) {
                    // the sender hung up, as it should
                }
            });
            flood.start();
            WebhookSender embedded = sender(true, List.of(), InetAddress::getAllByName, Duration.ofSeconds(5));
            WebhookSender.Result result = post(embedded, "http://127.0.0.1:" + endless.getLocalPort() + "/hook");
            assertThat(result.delivered()).isFalse();
            assertThat(result.error()).contains("too long");
            flood.join(5000);
        }
    }
}
