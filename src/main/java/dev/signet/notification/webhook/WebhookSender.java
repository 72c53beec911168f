package dev.signet.notification.webhook;

import dev.signet.notification.outbound.Destinations;
import dev.signet.notification.outbound.PinnedHttp;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One POST of a webhook, through {@link PinnedHttp}: to the address {@link Destinations} checked
 * when it is sent, the certificate verified against the endpoint's name. Only the status line is
 * read of the answer (within the byte and time bounds {@link PinnedHttp} was given).
 */
final class WebhookSender {

    /** How one try went: a status code (0 when none came back), how long it took, what went wrong. */
    record Result(int statusCode, long latencyMillis, String error) {
        boolean delivered() {
            return statusCode >= 200 && statusCode < 300;
        }
    }

    private final PinnedHttp http;

    WebhookSender(PinnedHttp http) {
        this.http = http;
    }

    Result post(String url, Map<String, String> headers, byte[] body) {
        long start = System.nanoTime();
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Content-Type", "application/json");
        fields.putAll(headers);
        try {
            int status = http.status(PinnedHttp.Request.post(url, fields, body));
            return new Result(status, millisSince(start), status >= 200 && status < 300 ? null : "HTTP " + status);
        } catch (Destinations.Refused e) {
            return new Result(0, millisSince(start), e.getMessage());
        } catch (SocketTimeoutException e) {
            return new Result(0, millisSince(start), "Timed out");
        } catch (IOException | RuntimeException e) {
            String reason = e.getMessage() == null
                    ? e.getClass().getSimpleName()
                    : e.getClass().getSimpleName() + ": " + e.getMessage();
            return new Result(0, millisSince(start), reason.length() > 400 ? reason.substring(0, 400) : reason);
        }
    }

    private static long millisSince(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }
}
