package dev.signet.assurance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/**
 * Yoti's Doc Scan (IDV) API as its public protocol and Java SDK describe it, on the JDK's HTTP
 * server under {@code /idverify/v1}: create a session ({@code POST /sessions}), retrieve it
 * ({@code GET /sessions/{id}}) and a media item's content ({@code GET /sessions/{id}/media/{mediaId}/content}).
 * Like Yoti it authenticates every request: the {@code sdkId}, {@code nonce} (a UUID, used once) and
 * {@code timestamp} query parameters, the {@code X-Yoti-SDK} and {@code X-Yoti-SDK-Version} headers,
 * and {@code X-Yoti-Auth-Digest}, an RSA-SHA256 signature over {@code METHOD&path?query[&base64(body)]}
 * (the path after the API's base) checked with the application's public key. A failure answers 401
 * with Yoti's error body. Tests script what the next session finds and when the API is down.
 */
final class YotiDocScanEmulator implements AutoCloseable {

    static final String SDK_ID = "emulated-sdk-" + UUID.randomUUID();
    static final String BASE = "/idverify/v1";

    /** What the person's session comes to when they finish. */
    enum Outcome {
        APPROVED,
        DOCUMENT_REJECTED
    }

    private static final Pattern SESSION = Pattern.compile("/sessions/([0-9a-f-]{36})");
    private static final Pattern MEDIA = Pattern.compile("/sessions/([0-9a-f-]{36})/media/([0-9a-f-]{36})/content");
    private static final Pattern UUID_FORM = Pattern.compile("[0-9a-fA-F-]{36}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Emulated(
            String token,
            String userTrackingId,
            JsonNode spec,
            Outcome outcome,
            String fullName,
            String mediaId,
            String documentId,
            String pageMediaId,
            String taskId,
            String livenessId,
            String selfieMediaId) {

        boolean asks(String field, String type) {
            for (JsonNode item : spec.path(field)) {
                if (type.equals(item.path("type").asText())) {
                    return true;
                }
            }
            return false;
        }

        /** A document is shown when the session checks one or reads one. */
        boolean document() {
            return asks("requested_checks", "ID_DOCUMENT_AUTHENTICITY")
                    || asks("requested_tasks", "ID_DOCUMENT_TEXT_DATA_EXTRACTION");
        }
    }

    /** A page image's bytes as the emulation serves them: a JPEG's start and end markers around a marker text. */
    static final byte[] PAGE_IMAGE = {
        (byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 'y', 'o', 't', 'i', (byte) 0xFF, (byte) 0xD9
    };

    private final HttpServer server;
    private final KeyPair keys;
    private final Path keyFile;
    private final Map<String, Emulated> sessions = new ConcurrentHashMap<>();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    private final Set<String> nonces = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Outcome> nextOutcome = new AtomicReference<>(Outcome.APPROVED);
    private final AtomicReference<String> nextName = new AtomicReference<>("Document Holder");
    private final AtomicInteger downFor = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger served = new AtomicInteger();

    YotiDocScanEmulator() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        keys = generator.generateKeyPair();
        keyFile = Files.createTempFile("yoti-app-key", ".pem");
        keyFile.toFile().deleteOnExit();
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
            writer.writeObject(keys);
        }
        Files.writeString(keyFile, pem.toString());
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext(BASE + "/", this::handle);
        server.start();
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + BASE;
    }

    /** The application's key pair, for tests that sign requests themselves. */
    KeyPair keys() {
        return keys;
    }

    String keyFile() {
        return keyFile.toString();
    }

    /** The next session created finds this when the person finishes. */
    void nextSession(Outcome outcome, String documentName) {
        nextOutcome.set(outcome);
        nextName.set(documentName);
    }

    /** The person did everything Yoti's page asked: the checks are done. */
    void finish(String sessionId) {
        finished.add(sessionId);
    }

    /** The next {@code requests} requests get 503, as when Yoti is down. */
    void down(int requests) {
        downFor.set(requests);
    }

    int refused() {
        return refused.get();
    }

    int served() {
        return served.get();
    }

    JsonNode spec(String sessionId) {
        return sessions.get(sessionId).spec();
    }

    void reset() {
        downFor.set(0);
        refused.set(0);
        served.set(0);
        nextSession(Outcome.APPROVED, "Document Holder");
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readNBytes(1024 * 1024);
            String raw = exchange.getRequestURI().getRawPath().substring(BASE.length());
            String query = exchange.getRequestURI().getRawQuery();
            String signed = raw + (query == null ? "" : "?" + query);
            String problem = authenticate(exchange, signed, body, query);
            if (problem != null) {
                refused.incrementAndGet();
                answer(exchange, 401, error("UNAUTHORIZED", problem));
                return;
            }
            if (downFor.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                answer(exchange, 503, error("SERVICE_UNAVAILABLE", "Service unavailable"));
                return;
            }
            served.incrementAndGet();
            String method = exchange.getRequestMethod();
            Matcher media = MEDIA.matcher(raw);
            Matcher session = SESSION.matcher(raw);
            if (method.equals("POST") && raw.equals("/sessions")) {
                create(exchange, body);
            } else if (method.equals("GET") && media.matches()) {
                media(exchange, media.group(1), media.group(2));
            } else if (method.equals("GET") && session.matches()) {
                retrieve(exchange, session.group(1));
            } else {
                answer(exchange, 404, error("NOT_FOUND", "No such resource"));
            }
        }
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
        if (!SDK_ID.equals(params.get("sdkId"))) {
            return "Unknown sdkId";
        }
        String nonce = params.get("nonce");
        if (nonce == null || !UUID_FORM.matcher(nonce).matches() || !nonces.add(nonce)) {
            return "The nonce is missing or was used before";
        }
        if (params.get("timestamp") == null || !params.get("timestamp").matches("\\d{1,20}")) {
            return "The timestamp is missing";
        }
        if (!"Java".equals(exchange.getRequestHeaders().getFirst("X-Yoti-SDK"))
                || exchange.getRequestHeaders().getFirst("X-Yoti-SDK-Version") == null
                || !exchange.getRequestHeaders().getFirst("X-Yoti-SDK-Version").startsWith("Java-")) {
            return "X-Yoti-SDK headers missing";
        }
        String digest = exchange.getRequestHeaders().getFirst("X-Yoti-Auth-Digest");
        if (digest == null) {
            return "X-Yoti-Auth-Digest missing";
        }
        String message = exchange.getRequestMethod() + "&" + signed
                + (body.length > 0 ? "&" + Base64.getEncoder().encodeToString(body) : "");
        try {
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(keys.getPublic());
            verifier.update(message.getBytes(StandardCharsets.UTF_8));
            return verifier.verify(Base64.getDecoder().decode(digest)) ? null : "Bad digest";
        } catch (Exception e) {
            return "Bad digest";
        }
    }

    private void create(HttpExchange exchange, byte[] body) throws IOException {
        JsonNode spec = JSON.readTree(body);
        if (!spec.path("requested_checks").isArray()
                || spec.path("requested_checks").isEmpty()) {
            answer(exchange, 400, error("PAYLOAD_VALIDATION", "requested_checks is required"));
            return;
        }
        String id = UUID.randomUUID().toString();
        String token = UUID.randomUUID().toString();
        sessions.put(
                id,
                new Emulated(
                        token,
                        spec.path("user_tracking_id").asText(null),
                        spec,
                        nextOutcome.get(),
                        nextName.get(),
                        UUID.randomUUID().toString(),
                        UUID.randomUUID().toString(),
                        UUID.randomUUID().toString(),
                        UUID.randomUUID().toString(),
                        UUID.randomUUID().toString(),
                        UUID.randomUUID().toString()));
        ObjectNode created = JSON.createObjectNode()
                .put("session_id", id)
                .put("client_session_token", token)
                .put(
                        "client_session_token_ttl",
                        spec.path("client_session_token_ttl").asInt(600));
        answer(exchange, 201, created.toString());
    }

    private void retrieve(HttpExchange exchange, String id) throws IOException {
        Emulated s = sessions.get(id);
        if (s == null) {
            answer(exchange, 404, error("SESSION_NOT_FOUND", "No such session"));
            return;
        }
        boolean done = finished.contains(id);
        ObjectNode session = JSON.createObjectNode()
                .put("session_id", id)
                .put("client_session_token_ttl", 0)
                .put("user_tracking_id", s.userTrackingId())
                .put("state", done ? "COMPLETED" : "ONGOING");
        ArrayNode checks = session.putArray("checks");
        for (JsonNode requested : s.spec().path("requested_checks")) {
            String type = requested.path("type").asText();
            ObjectNode check = checks.addObject()
                    .put("id", UUID.randomUUID().toString())
                    .put("type", type)
                    .put("state", done ? "DONE" : "CREATED");
            if (done) {
                boolean rejected = s.outcome() == Outcome.DOCUMENT_REJECTED && type.equals("ID_DOCUMENT_AUTHENTICITY");
                ObjectNode recommendation = check.putObject("report")
                        .putObject("recommendation")
                        .put("value", rejected ? "REJECT" : "APPROVE");
                if (rejected) {
                    recommendation.put("reason", "COUNTERFEIT");
                }
            }
        }
        ObjectNode resources = session.putObject("resources");
        ArrayNode documents = resources.putArray("id_documents");
        ArrayNode liveness = resources.putArray("liveness_capture");
        if (done && s.document()) {
            ObjectNode document = documents
                    .addObject()
                    .put("id", s.documentId())
                    .put("document_type", "PASSPORT")
                    .put("issuing_country", "GBR");
            document.putArray("pages")
                    .addObject()
                    .put("capture_method", "CAMERA")
                    .putObject("media")
                    .put("id", s.pageMediaId())
                    .put("type", "IMAGE");
            ArrayNode tasks = document.putArray("tasks");
            if (s.asks("requested_tasks", "ID_DOCUMENT_TEXT_DATA_EXTRACTION")) {
                tasks.addObject()
                        .put("id", s.taskId())
                        .put("type", "ID_DOCUMENT_TEXT_DATA_EXTRACTION")
                        .put("state", "DONE");
                document.putObject("document_fields")
                        .putObject("media")
                        .put("id", s.mediaId())
                        .put("type", "JSON");
            }
        }
        if (done && s.asks("requested_checks", "LIVENESS")) {
            liveness.addObject()
                    .put("id", s.livenessId())
                    .put("liveness_type", "STATIC")
                    .putArray("tasks");
        }
        answer(exchange, 200, session.toString());
    }

    /** The document's fields (JSON) or its page image (JPEG), with the content type Yoti gives each. */
    private void media(HttpExchange exchange, String id, String mediaId) throws IOException {
        Emulated s = sessions.get(id);
        if (s == null || !finished.contains(id)) {
            answer(exchange, 404, error("MEDIA_NOT_FOUND", "No such media"));
            return;
        }
        if (s.document() && s.pageMediaId().equals(mediaId)) {
            answer(exchange, 200, "image/jpeg", PAGE_IMAGE);
            return;
        }
        if (!s.mediaId().equals(mediaId) || !s.asks("requested_tasks", "ID_DOCUMENT_TEXT_DATA_EXTRACTION")) {
            answer(exchange, 404, error("MEDIA_NOT_FOUND", "No such media"));
            return;
        }
        String[] parts = s.fullName().split(" ", 2);
        ObjectNode fields = JSON.createObjectNode()
                .put("full_name", s.fullName())
                .put("given_names", parts[0])
                .put("family_name", parts.length > 1 ? parts[1] : "")
                .put("document_type", "PASSPORT");
        answer(exchange, 200, fields.toString());
    }

    private static String error(String code, String message) {
        return JSON.createObjectNode().put("code", code).put("message", message).toString();
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        answer(exchange, status, "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    private static void answer(HttpExchange exchange, int status, String contentType, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", contentType);
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
