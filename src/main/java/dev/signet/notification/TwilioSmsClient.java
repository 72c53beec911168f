package dev.signet.notification;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Sends the outbox's SMS rows through a Twilio-style Messages API: one form-encoded POST per
 * message ({@code To}, {@code From} or {@code MessagingServiceSid}, {@code Body}) with HTTP Basic
 * authentication by account SID and auth token; 201 with the message's {@code sid} means taken.
 *
 * <p>Busy (429) and server errors (5xx) and network failures are tried again a few times with
 * back-off, honouring {@code Retry-After}; anything the provider refuses outright (400 invalid
 * number, 401 wrong credentials…) is not. After the last try the outbox's own back-off takes over.
 * A network failure after the provider took the message may send it twice: SMS are at least once,
 * like mail.
 */
@Component
class TwilioSmsClient implements SmsSender {

    private static final Logger log = LoggerFactory.getLogger(TwilioSmsClient.class);
    /** A Messages API answer is a small JSON object; nothing larger is read. */
    private static final int MAX_RESPONSE = 64 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Waits between tries; tests replace it to record the waits instead of sleeping. */
    interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    private final SmsProperties properties;
    private final HttpClient http;
    private final Sleeper sleeper;

    @Autowired
    TwilioSmsClient(SmsProperties properties) {
        this(properties, d -> Thread.sleep(d.toMillis()));
    }

    TwilioSmsClient(SmsProperties properties, Sleeper sleeper) {
        this.properties = properties;
        this.sleeper = sleeper;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    @Override
    public boolean configured() {
        return properties.configured();
    }

    @Override
    public String send(String to, String text) throws NotSent {
        if (!configured()) {
            throw new NotSent("No SMS provider is configured", true);
        }
        HttpRequest request = request(to, text);
        int attempts = Math.max(1, properties.attempts());
        NotSent last = null;
        for (int attempt = 1; attempt <= attempts; attempt++) {
            Optional<Duration> retryAfter = Optional.empty();
            try {
                HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
                JsonNode body = body(response);
                int status = response.statusCode();
                if (status == 200 || status == 201) {
                    return accepted(body);
                }
                last = refused(status, body);
                if (last.permanent()) {
                    throw last;
                }
                retryAfter = response.headers().firstValue("Retry-After").flatMap(TwilioSmsClient::seconds);
            } catch (IOException e) {
                last = new NotSent("SMS provider not reachable: " + e.getClass().getSimpleName(), false);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new NotSent("Interrupted while sending an SMS", false);
            }
            log.warn("SMS try {} of {} failed: {}", attempt, attempts, last.getMessage());
            if (attempt < attempts) {
                wait(retryAfter.orElse(backoff(attempt)));
            }
        }
        throw last;
    }

    private HttpRequest request(String to, String text) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("To", to);
        form.put(properties.from().startsWith("MG") ? "MessagingServiceSid" : "From", properties.from());
        form.put("Body", text);
        String encoded = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        String credentials = properties.accountSid() + ":" + properties.authToken();
        return HttpRequest.newBuilder(messagesUri())
                .timeout(properties.timeout())
                .header(
                        "Authorization",
                        "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded; charset=UTF-8")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(encoded, StandardCharsets.UTF_8))
                .build();
    }

    URI messagesUri() {
        String base = properties.apiUrl().endsWith("/")
                ? properties.apiUrl().substring(0, properties.apiUrl().length() - 1)
                : properties.apiUrl();
        return URI.create(base + "/2010-04-01/Accounts/"
                + URLEncoder.encode(properties.accountSid(), StandardCharsets.UTF_8) + "/Messages.json");
    }

    private static JsonNode body(HttpResponse<InputStream> response) throws IOException {
        try (InputStream in = response.body()) {
            byte[] bytes = in.readNBytes(MAX_RESPONSE);
            try {
                return JSON.readTree(bytes);
            } catch (IOException notJson) {
                return JSON.createObjectNode();
            }
        }
    }

    private static String accepted(JsonNode body) throws NotSent {
        String sid = body == null ? "" : body.path("sid").asText("");
        if (sid.isEmpty()) {
            // Taken or not, we cannot tell: the outbox's retry may send a second copy, better than none.
            throw new NotSent("SMS provider answered without a message sid", false);
        }
        return sid;
    }

    /** Twilio's error body: {@code {"code": 21211, "message": "...", "more_info": "...", "status": 400}}. */
    private static NotSent refused(int status, JsonNode body) {
        boolean retry = status == 429 || status >= 500;
        String code = body == null ? "" : body.path("code").asText("");
        String message = body == null ? "" : body.path("message").asText("");
        StringBuilder reason = new StringBuilder("SMS provider answered ").append(status);
        if (!code.isEmpty()) {
            reason.append(", error ").append(code);
        }
        if (!message.isEmpty()) {
            // The provider's sentence may quote the number; only the part before it says why.
            reason.append(": ").append(message.replaceAll("\\+?\\d[\\d ]{5,}\\d", "[number]"));
        }
        String text = reason.length() > 500 ? reason.substring(0, 500) : reason.toString();
        return new NotSent(text, !retry);
    }

    private static Optional<Duration> seconds(String header) {
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds >= 0 ? Optional.of(Duration.ofSeconds(seconds)) : Optional.empty();
        } catch (NumberFormatException dateOrJunk) {
            return Optional.empty();
        }
    }

    private Duration backoff(int attempt) {
        return properties.firstRetry().multipliedBy(1L << Math.min(attempt - 1, 10));
    }

    private void wait(Duration wanted) throws NotSent {
        Duration capped = wanted.compareTo(properties.maxRetryWait()) > 0 ? properties.maxRetryWait() : wanted;
        try {
            sleeper.sleep(capped);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotSent("Interrupted while waiting to retry an SMS", false);
        }
    }
}
