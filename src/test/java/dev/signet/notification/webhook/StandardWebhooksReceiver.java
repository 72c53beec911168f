package dev.signet.notification.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A webhook receiver written from the Standard Webhooks specification alone, sharing no code with
 * Signet's signer: it reads {@code webhook-id}, {@code webhook-timestamp} and
 * {@code webhook-signature}, refuses a timestamp more than five minutes away from its clock, and
 * accepts the body only when one of the space-separated {@code v1,} signatures is the base64
 * HMAC-SHA256, keyed with the base64-decoded part of its {@code whsec_} secret, of
 * {@code id.timestamp.body}. It answers 204 to what it accepts, 401 to what it refuses, and can
 * be told to fail (status code, slowness) to stand for a receiver in trouble.
 */
public final class StandardWebhooksReceiver implements AutoCloseable {

    static final Duration TOLERANCE = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A delivery as it arrived, raw. */
    public record Delivery(String id, String timestamp, String signature, String body, String userAgent) {
        public JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        public String event() {
            return json().path("subscription_name").asText();
        }
    }

    private final HttpServer server;
    private final List<String> secrets = new CopyOnWriteArrayList<>();
    private final List<Delivery> accepted = new CopyOnWriteArrayList<>();
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private volatile int failWith;
    private volatile int failuresLeft;
    private volatile Duration delay = Duration.ZERO;

    public StandardWebhooksReceiver(String... secrets) throws IOException {
        this.secrets.addAll(List.of(secrets));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        server.start();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    int port() {
        return server.getAddress().getPort();
    }

    public void knowSecrets(String... secrets) {
        this.secrets.clear();
        this.secrets.addAll(List.of(secrets));
    }

    /** The next {@code times} requests get this status code (and are not accepted). */
    void failNext(int times, int status) {
        this.failWith = status;
        this.failuresLeft = times;
    }

    /** Every request waits this long before it is answered. */
    void delay(Duration delay) {
        this.delay = delay;
    }

    public List<Delivery> accepted() {
        return Collections.unmodifiableList(new ArrayList<>(accepted));
    }

    public List<String> refusals() {
        return List.copyOf(refusals);
    }

    int requests() {
        return requests.get();
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        byte[] raw;
        try (InputStream in = exchange.getRequestBody()) {
            raw = in.readAllBytes();
        }
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int status;
        if (failuresLeft > 0) {
            failuresLeft--;
            status = failWith;
        } else {
            Delivery delivery = new Delivery(
                    exchange.getRequestHeaders().getFirst("webhook-id"),
                    exchange.getRequestHeaders().getFirst("webhook-timestamp"),
                    exchange.getRequestHeaders().getFirst("webhook-signature"),
                    new String(raw, StandardCharsets.UTF_8),
                    exchange.getRequestHeaders().getFirst("User-Agent"));
            Optional<String> refusal = verify(secrets, delivery, Instant.now());
            if (refusal.isPresent()) {
                refusals.add(refusal.get());
                status = 401;
            } else {
                accepted.add(delivery);
                status = 204;
            }
        }
        try {
            exchange.sendResponseHeaders(status, -1);
        } catch (IOException e) {
            // The sender may have stopped listening; the status is what counts.
        }
        exchange.close();
    }

    /** The specification's verification: why the delivery is refused, or empty when it is genuine. */
    static Optional<String> verify(List<String> secrets, Delivery d, Instant now) {
        if (d.id() == null || d.timestamp() == null || d.signature() == null) {
            return Optional.of("missing webhook headers");
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(d.timestamp());
        } catch (NumberFormatException e) {
            return Optional.of("bad timestamp");
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > TOLERANCE.toSeconds()) {
            return Optional.of("timestamp outside tolerance");
        }
        String signedContent = d.id() + "." + d.timestamp() + "." + d.body();
        for (String secret : secrets) {
            byte[] key = Base64.getDecoder().decode(secret.substring("whsec_".length()));
            byte[] expected = hmacSha256(key, signedContent.getBytes(StandardCharsets.UTF_8));
            for (String versioned : d.signature().split(" ")) {
                int comma = versioned.indexOf(',');
                if (comma < 0 || !versioned.substring(0, comma).equals("v1")) {
                    continue;
                }
                byte[] given;
                try {
                    given = Base64.getDecoder().decode(versioned.substring(comma + 1));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                if (MessageDigest.isEqual(expected, given)) {
                    return Optional.empty();
                }
            }
        }
        return Optional.of("no matching signature");
    }

    private static byte[] hmacSha256(byte[] key, byte[] content) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(content);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
