package dev.signet.notification;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Twilio's Programmable Messaging "create a Message" endpoint, as its public API reference
 * describes it, on the JDK's HTTP server: {@code POST /2010-04-01/Accounts/{AccountSid}/Messages.json}
 * with HTTP Basic (account SID : auth token) and a form-encoded body ({@code To}, {@code From} or
 * {@code MessagingServiceSid}, {@code Body}). It answers 201 with the Message resource (sid SM…,
 * status "queued"), and errors as Twilio's error object {@code {code, message, more_info, status}}:
 * 401/20003 for bad credentials, 400/21211 for an invalid To, 400/21602 without a body, 400/21603
 * without a sender, 400/21604 without a To, 400/21617 for a body over 1600 characters, 429/20429
 * when a test says the account is busy. Tests script failures ahead of the next requests.
 */
public final class TwilioEmulator implements AutoCloseable {

    public static final String ACCOUNT_SID = "AC" + "0123456789abcdef0123456789abcdef";
    public static final String AUTH_TOKEN = "emulated-auth-token-" + UUID.randomUUID();

    private static final Pattern PATH = Pattern.compile("/2010-04-01/Accounts/([^/]+)/Messages\\.json");
    private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{1,14}");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter RFC_2822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", java.util.Locale.ENGLISH);

    /** A message the emulator accepted. */
    public record Sent(String sid, String to, String from, String messagingServiceSid, String body) {}

    /** What the next request gets instead of the normal answer. */
    public record Scripted(int status, int code, String message, Integer retryAfterSeconds, long delayMillis) {
        public static Scripted busy(Integer retryAfter) {
            return new Scripted(429, 20429, "Too Many Requests", retryAfter, 0);
        }

        public static Scripted serverError() {
            return new Scripted(500, 20500, "Internal Server Error", null, 0);
        }

        public static Scripted slow(long millis) {
            return new Scripted(0, 0, null, null, millis);
        }
    }

    private final HttpServer server;
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final Queue<Scripted> script = new ConcurrentLinkedQueue<>();
    private final AtomicInteger requests = new AtomicInteger();

    public TwilioEmulator() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(4));
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public List<Sent> sent() {
        return sent;
    }

    public int requests() {
        return requests.get();
    }

    public void then(Scripted... next) {
        script.addAll(List.of(next));
    }

    public void reset() {
        sent.clear();
        script.clear();
        requests.set(0);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.incrementAndGet();
        try (exchange) {
            Matcher path = PATH.matcher(exchange.getRequestURI().getPath());
            if (!path.matches()) {
                error(
                        exchange,
                        404,
                        20404,
                        "The requested resource " + exchange.getRequestURI().getPath() + " was not found");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod())) {
                error(exchange, 405, 20004, "Method not allowed");
                return;
            }
            if (!authenticated(exchange, path.group(1))) {
                exchange.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"Twilio API\"");
                error(exchange, 401, 20003, "Authenticate");
                return;
            }
            Scripted scripted = script.poll();
            if (scripted != null && scripted.delayMillis() > 0) {
                sleep(scripted.delayMillis());
                scripted = null;
            }
            if (scripted != null) {
                if (scripted.retryAfterSeconds() != null) {
                    exchange.getResponseHeaders().add("Retry-After", String.valueOf(scripted.retryAfterSeconds()));
                }
                error(exchange, scripted.status(), scripted.code(), scripted.message());
                return;
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            if (contentType == null || !contentType.startsWith("application/x-www-form-urlencoded")) {
                error(exchange, 400, 20001, "Content-Type must be application/x-www-form-urlencoded");
                return;
            }
            Map<String, String> form =
                    form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            create(exchange, path.group(1), form);
        }
    }

    private void create(HttpExchange exchange, String account, Map<String, String> form) throws IOException {
        String to = form.get("To");
        String from = form.get("From");
        String service = form.get("MessagingServiceSid");
        String body = form.get("Body");
        if (to == null || to.isBlank()) {
            error(exchange, 400, 21604, "A 'To' phone number is required.");
        } else if (!E164.matcher(to).matches()) {
            error(exchange, 400, 21211, "Invalid 'To' Phone Number: " + to);
        } else if ((from == null || from.isBlank()) && (service == null || service.isBlank())) {
            error(exchange, 400, 21603, "A 'From' phone number is required.");
        } else if (body == null || body.isBlank()) {
            error(exchange, 400, 21602, "Message body is required.");
        } else if (body.length() > 1600) {
            error(exchange, 400, 21617, "The concatenated message body exceeds the 1600 character limit.");
        } else {
            String sid = "SM" + UUID.randomUUID().toString().replace("-", "");
            sent.add(new Sent(sid, to, from, service, body));
            String now = RFC_2822.format(ZonedDateTime.now(ZoneOffset.UTC));
            ObjectNode message = JSON.createObjectNode();
            message.put("account_sid", account)
                    .put("api_version", "2010-04-01")
                    .put("body", body)
                    .put("date_created", now)
                    .put("date_updated", now)
                    .putNull("date_sent")
                    .put("direction", "outbound-api")
                    .putNull("error_code")
                    .putNull("error_message")
                    .put("from", from)
                    .put("messaging_service_sid", service)
                    .put("num_media", "0")
                    .put("num_segments", String.valueOf(1 + body.length() / 160))
                    .putNull("price")
                    .put("price_unit", "USD")
                    .put("sid", sid)
                    .put("status", "queued")
                    .put("to", to)
                    .put("uri", "/2010-04-01/Accounts/" + account + "/Messages/" + sid + ".json");
            respond(exchange, 201, message);
        }
    }

    private static boolean authenticated(HttpExchange exchange, String account) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.startsWith("Basic ")) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        return decoded.equals(ACCOUNT_SID + ":" + AUTH_TOKEN) && account.equals(ACCOUNT_SID);
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            form.put(name, value);
        }
        return form;
    }

    private static void error(HttpExchange exchange, int status, int code, String message) throws IOException {
        ObjectNode error = JSON.createObjectNode();
        error.put("code", code)
                .put("message", message)
                .put("more_info", "https://www.twilio.com/docs/errors/" + code)
                .put("status", status);
        respond(exchange, status, error);
    }

    private static void respond(HttpExchange exchange, int status, ObjectNode json) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(json);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The message accepted last, if any. */
    public Optional<Sent> last() {
        return sent.isEmpty() ? Optional.empty() : Optional.of(sent.get(sent.size() - 1));
    }
}
