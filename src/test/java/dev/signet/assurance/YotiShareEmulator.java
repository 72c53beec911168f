package dev.signet.assurance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.yoti.api.client.spi.remote.proto.AttrProto;
import com.yoti.api.client.spi.remote.proto.AttributeListProto;
import com.yoti.api.client.spi.remote.proto.ContentTypeProto;
import com.yoti.api.client.spi.remote.proto.EncryptedDataProto;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Yoti's Digital ID share v2 API as its public protocol and Java SDK describe it, on the JDK's HTTP
 * server under {@code /share}: create a session ({@code POST /v2/sessions}), its QR code ({@code POST
 * /v2/sessions/{id}/qr-codes}), retrieve it ({@code GET /v2/sessions/{id}}), its receipt ({@code GET
 * /v2/receipts/{id}}) and the receipt's wrapped item key ({@code GET /v2/wrapped-item-keys/{id}}).
 *
 * <p>Like Yoti it authenticates every request (the {@code X-Yoti-Auth-Id} header, a fresh UUID
 * {@code nonce}, a {@code timestamp}, the SDK headers and {@code X-Yoti-Auth-Digest}, an RSA-SHA256
 * signature over {@code METHOD&path?query[&base64(body)]} checked with the application's public key),
 * and like Yoti it never sends an attribute in clear: the shared attributes are a protobuf
 * AttributeList, AES-256-CBC encrypted with a fresh receipt key into a protobuf EncryptedData; the
 * receipt key is wrapped with AES-256-GCM under an item key, and the item key is RSA (PKCS#1 v1.5)
 * encrypted to the application's public key. Only the application's private key, which the SDK
 * loads from the key file, opens it. Tests play the person's phone: {@link #share} is what the Yoti
 * app does when the QR code is scanned.
 */
final class YotiShareEmulator implements AutoCloseable {

    static final String BASE = "/share";

    private static final Pattern SESSION = Pattern.compile("/v2/sessions/([A-Za-z0-9_-]{10,100})");
    private static final Pattern QR = Pattern.compile("/v2/sessions/([A-Za-z0-9_-]{10,100})/qr-codes");
    private static final Pattern RECEIPT = Pattern.compile("/v2/receipts/([A-Za-z0-9_=-]{10,100})");
    private static final Pattern ITEM_KEY = Pattern.compile("/v2/wrapped-item-keys/([A-Za-z0-9_=-]{10,100})");
    private static final Pattern UUID_FORM = Pattern.compile("[0-9a-fA-F-]{36}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A share session as Yoti keeps it. */
    private static final class Emulated {
        final String id;
        final JsonNode request;
        volatile String status = "CREATED";
        volatile String qrCodeId;
        volatile String receiptId;

        Emulated(String id, JsonNode request) {
            this.id = id;
            this.request = request;
        }
    }

    private record ItemKey(String id, byte[] iv, byte[] value) {}

    private final HttpServer server;
    private final String sdkId;
    private final KeyPair application;
    private final Map<String, Emulated> sessions = new ConcurrentHashMap<>();
    private final Map<String, String> sessionOfQr = new ConcurrentHashMap<>();
    private final Map<String, ObjectNode> receipts = new ConcurrentHashMap<>();
    private final Map<String, ItemKey> itemKeys = new ConcurrentHashMap<>();
    private final Set<String> nonces = ConcurrentHashMap.newKeySet();
    private final AtomicInteger downFor = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    /** @param application the key pair whose public half Yoti's Hub holds for this SDK id */
    YotiShareEmulator(String sdkId, KeyPair application) throws IOException {
        this.sdkId = sdkId;
        this.application = application;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(BASE + "/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + BASE;
    }

    /** The next {@code requests} requests get 503, as when Yoti is down. */
    void down(int requests) {
        downFor.set(requests);
    }

    int refused() {
        return refused.get();
    }

    void reset() {
        downFor.set(0);
        refused.set(0);
    }

    /** The session a QR code link belongs to (what the Yoti app reads from it). */
    Optional<String> sessionOfUri(String uri) {
        String qrId = uri.substring(uri.lastIndexOf('/') + 1);
        return Optional.ofNullable(sessionOfQr.get(qrId));
    }

    /** What Signet asked for: the session's policy as it was posted. */
    JsonNode request(String sessionId) {
        return sessions.get(sessionId).request;
    }

    /**
     * The person scanned the QR code of {@code uri} and shared: the email address their Yoti account
     * holds, and every other attribute the policy asked for (made-up values, a tiny JPEG for a selfie).
     */
    void share(String uri, String email) throws Exception {
        Emulated session = sessions.get(sessionOfUri(uri).orElseThrow(() -> new IllegalArgumentException(uri)));
        AttributeListProto.AttributeList.Builder shared = AttributeListProto.AttributeList.newBuilder();
        for (JsonNode wanted : session.request.path("policy").path("wanted")) {
            String name = wanted.path("name").asText();
            shared.addAttributes(attribute(name, name.equals("email_address") ? email : valueOf(name)));
        }
        byte[] receiptKey = random(32);
        byte[] itemKey = random(32);
        byte[] gcmIv = random(12);
        Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
        gcm.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(itemKey, "AES"), new GCMParameterSpec(128, gcmIv));
        byte[] wrappedKey = gcm.doFinal(receiptKey);
        Cipher rsa = Cipher.getInstance("RSA/ECB/PKCS1Padding");
        rsa.init(Cipher.ENCRYPT_MODE, application.getPublic());
        ItemKey key = new ItemKey(id(), gcmIv, rsa.doFinal(itemKey));
        itemKeys.put(key.id(), key);

        AttributeListProto.AttributeList applicationProfile = AttributeListProto.AttributeList.newBuilder()
                .addAttributes(attribute("application_name", "Signet (emulated Yoti application)"))
                .build();
        String receiptId = id();
        ObjectNode receipt = JSON.createObjectNode()
                .put("id", receiptId)
                .put("sessionId", session.id)
                .put("timestamp", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString())
                .put("wrappedItemKeyId", key.id())
                .put("wrappedKey", base64(wrappedKey));
        receipt.putObject("content").put("profile", base64(encrypt(applicationProfile.toByteArray(), receiptKey)));
        receipt.putObject("otherPartyContent")
                .put("profile", base64(encrypt(shared.build().toByteArray(), receiptKey)));
        receipts.put(receiptId, receipt);
        session.receiptId = receiptId;
        session.status = "COMPLETED";
    }

    /** The session's time ran out before anyone shared. */
    void expire(String uri) {
        sessions.get(sessionOfUri(uri).orElseThrow()).status = "EXPIRED";
    }

    private static AttrProto.Attribute attribute(String name, Object value) {
        boolean image = value instanceof byte[];
        return AttrProto.Attribute.newBuilder()
                .setName(name)
                .setValue(image ? ByteString.copyFrom((byte[]) value) : ByteString.copyFromUtf8(String.valueOf(value)))
                .setContentType(image ? ContentTypeProto.ContentType.JPEG : ContentTypeProto.ContentType.STRING)
                .build();
    }

    private static Object valueOf(String name) {
        return switch (name) {
            case "selfie" -> new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F'};
            case "date_of_birth" -> "1980-01-31";
            case "full_name" -> "Emulated Person";
            default -> "emulated " + name;
        };
    }

    /** Yoti's EncryptedData: AES-256-CBC with PKCS#7 padding (PKCS5Padding in the JDK's name for AES). */
    private static byte[] encrypt(byte[] plain, byte[] key) throws Exception {
        byte[] iv = random(16);
        Cipher cbc = Cipher.getInstance("AES/CBC/PKCS5Padding");
        cbc.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(iv));
        return EncryptedDataProto.EncryptedData.newBuilder()
                .setIv(ByteString.copyFrom(iv))
                .setCipherText(ByteString.copyFrom(cbc.doFinal(plain)))
                .build()
                .toByteArray();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readNBytes(256 * 1024);
            String raw = exchange.getRequestURI().getRawPath().substring(BASE.length());
            String query = exchange.getRequestURI().getRawQuery();
            String problem = authenticate(exchange, raw + (query == null ? "" : "?" + query), body, query);
            if (problem != null) {
                refused.incrementAndGet();
                answer(exchange, 401, error("UNAUTHORIZED", problem));
                return;
            }
            if (downFor.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                answer(exchange, 503, error("SERVICE_UNAVAILABLE", "Service unavailable"));
                return;
            }
            route(exchange, exchange.getRequestMethod(), raw, body);
        }
    }

    private void route(HttpExchange exchange, String method, String raw, byte[] body) throws IOException {
        Matcher qr = QR.matcher(raw);
        Matcher session = SESSION.matcher(raw);
        Matcher receipt = RECEIPT.matcher(raw);
        Matcher itemKey = ITEM_KEY.matcher(raw);
        if (method.equals("POST") && raw.equals("/v2/sessions")) {
            create(exchange, body);
        } else if (method.equals("POST") && qr.matches()) {
            qrCode(exchange, qr.group(1));
        } else if (method.equals("GET") && session.matches()) {
            retrieve(exchange, session.group(1));
        } else if (method.equals("GET") && receipt.matches() && receipts.containsKey(unurl(receipt.group(1)))) {
            answer(exchange, 200, receipts.get(unurl(receipt.group(1))).toString());
        } else if (method.equals("GET") && itemKey.matches() && itemKeys.containsKey(unurl(itemKey.group(1)))) {
            ItemKey key = itemKeys.get(unurl(itemKey.group(1)));
            answer(
                    exchange,
                    200,
                    JSON.createObjectNode()
                            .put("id", key.id())
                            .put("iv", base64(key.iv()))
                            .put("value", base64(key.value()))
                            .toString());
        } else {
            answer(exchange, 404, error("NOT_FOUND", "No such resource"));
        }
    }

    private void create(HttpExchange exchange, byte[] body) throws IOException {
        JsonNode request = JSON.readTree(body);
        if (!request.path("policy").path("wanted").isArray()
                || request.path("redirectUri").asText("").isBlank()) {
            answer(exchange, 400, error("PAYLOAD_VALIDATION", "policy and redirectUri are required"));
            return;
        }
        String id = id();
        sessions.put(id, new Emulated(id, request));
        answer(exchange, 201, session(sessions.get(id)).toString());
    }

    private void qrCode(HttpExchange exchange, String sessionId) throws IOException {
        Emulated session = sessions.get(unurl(sessionId));
        if (session == null) {
            answer(exchange, 404, error("NOT_FOUND", "No such session"));
            return;
        }
        // The QR code's id travels in its link: the URL-safe alphabet.
        String qrId = id().replace('+', '-').replace('/', '_');
        session.qrCodeId = qrId;
        session.status = "ACTIVE";
        sessionOfQr.put(qrId, session.id);
        answer(
                exchange,
                200,
                JSON.createObjectNode()
                        .put("id", qrId)
                        .put("uri", "https://code.yoti.com/emulated/" + qrId)
                        .toString());
    }

    private void retrieve(HttpExchange exchange, String sessionId) throws IOException {
        Emulated session = sessions.get(unurl(sessionId));
        if (session == null) {
            answer(exchange, 404, error("NOT_FOUND", "No such session"));
            return;
        }
        answer(exchange, 200, session(session).toString());
    }

    /** A session as Yoti answers it: qrCode and receipt only once there is one. */
    private static ObjectNode session(Emulated session) {
        ObjectNode json = JSON.createObjectNode()
                .put("id", session.id)
                .put("status", session.status)
                .put("expiry", Instant.now().plus(10, ChronoUnit.MINUTES).toString());
        if (session.qrCodeId != null) {
            json.putObject("qrCode").put("id", session.qrCodeId);
        }
        if (session.receiptId != null) {
            json.putObject("receipt").put("id", session.receiptId);
        }
        return json;
    }

    /** Yoti's request authentication; null when the request passes. */
    private String authenticate(HttpExchange exchange, String signed, byte[] body, String query) {
        Map<String, String> params = new LinkedHashMap<>();
        if (query != null) {
            for (String pair : query.split("&", 20)) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq), pair.substring(eq + 1));
                }
            }
        }
        if (!sdkId.equals(exchange.getRequestHeaders().getFirst("X-Yoti-Auth-Id"))) {
            return "Unknown X-Yoti-Auth-Id";
        }
        String nonce = params.get("nonce");
        if (nonce == null || !UUID_FORM.matcher(nonce).matches() || !nonces.add(nonce)) {
            return "The nonce is missing or was used before";
        }
        if (params.get("timestamp") == null || !params.get("timestamp").matches("\\d{1,20}")) {
            return "The timestamp is missing";
        }
        if (!"Java".equals(exchange.getRequestHeaders().getFirst("X-Yoti-SDK"))) {
            return "X-Yoti-SDK header missing";
        }
        String digest = exchange.getRequestHeaders().getFirst("X-Yoti-Auth-Digest");
        if (digest == null) {
            return "X-Yoti-Auth-Digest missing";
        }
        String message = exchange.getRequestMethod() + "&" + signed
                + (body.length > 0 ? "&" + Base64.getEncoder().encodeToString(body) : "");
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(application.getPublic());
            verifier.update(message.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(digest)) ? null : "Bad digest";
        } catch (Exception e) {
            return "Bad digest";
        }
    }

    /** Yoti's ids are base64; the SDK puts them in paths in the URL-safe alphabet. */
    private static String unurl(String id) {
        return id.replace('-', '+').replace('_', '/');
    }

    private static String id() {
        // Base64 of random bytes, as Yoti's ids are; '+' and '/' included on purpose, to exercise the path form.
        return Base64.getEncoder().encodeToString(random(24));
    }

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String error(String code, String message) {
        return JSON.createObjectNode().put("code", code).put("message", message).toString();
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
