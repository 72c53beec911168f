package dev.signet.signing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.assurance.OtpCheckOutcome;
import dev.signet.assurance.OtpRecipient;
import dev.signet.assurance.OtpSendOutcome;
import dev.signet.web.ApiException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * The one-time password endpoints of a signing link: ask for a code (again), then enter it. Each
 * answer carries the sentence the page shows ({@code otp.send.*}, {@code otp.check.*}); a refusal
 * is an error body with a stable code.
 */
@RestController
class OtpController {

    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private final OtpStep step;
    private final TokenRateLimit limit;
    private final MessageSource messages;

    OtpController(OtpStep step, TokenRateLimit limit, MessageSource messages) {
        this.step = step;
        this.limit = limit;
        this.messages = messages;
    }

    /** Body optional: {@code {"channel": "sms" | "email"}}; without it SMS when there is a mobile number. */
    @PostMapping(path = "/v2/signing/{token}/otp/send")
    ResponseEntity<Map<String, Object>> send(
            @PathVariable String token, @RequestBody(required = false) JsonNode body, Locale locale) {
        limit.check(token);
        OtpSendOutcome outcome = step.send(token, preference(body), locale);
        String key = "otp.send." + outcome.code().toLowerCase(Locale.ROOT);
        if (outcome instanceof OtpSendOutcome.Sent sent) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", sent.code());
            answer.put("channel", sent.channel().name());
            answer.put("sent_to", sent.maskedAddress());
            answer.put("expires_at", sent.expiresAt().toString());
            answer.put("sends_left_this_hour", sent.sendsLeftThisHour());
            answer.put("message", text(key, locale, sent.maskedAddress()));
            return ResponseEntity.ok()
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .body(answer);
        }
        if (outcome instanceof OtpSendOutcome.RateLimited limited) {
            throw new ApiException(
                    HttpStatus.TOO_MANY_REQUESTS,
                    "OTP_RATE_LIMITED",
                    text(limited.lastCodeWorks() ? key : key + ".no_code", locale, TIME.format(limited.retryAt())));
        }
        if (outcome instanceof OtpSendOutcome.InvalidNumber invalid) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_ENTITY, invalid.code(), text(key, locale, invalid.message()));
        }
        throw new ApiException(HttpStatus.UNPROCESSABLE_ENTITY, outcome.code(), text(key, locale));
    }

    /** Body: {@code {"code": "123456"}}. */
    @PostMapping(path = "/v2/signing/{token}/otp/verify", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Map<String, Object>> verify(@PathVariable String token, @RequestBody JsonNode body, Locale locale) {
        limit.check(token);
        JsonNode code = body.path("code");
        if (!code.isTextual()) {
            throw ApiException.badRequest("MALFORMED_REQUEST", "'code' must be a string of 6 digits");
        }
        OtpCheckOutcome outcome = step.verify(token, code.asText());
        String key = "otp.check." + outcome.code().toLowerCase(Locale.ROOT);
        if (outcome.passed()) {
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("status", outcome.code());
            answer.put("message", text(key, locale));
            return ResponseEntity.ok()
                    .header(HttpHeaders.CACHE_CONTROL, "no-store")
                    .body(answer);
        }
        String message = outcome instanceof OtpCheckOutcome.WrongCode wrong
                ? text(key, locale, wrong.triesLeft())
                : text(key, locale);
        HttpStatus status =
                outcome instanceof OtpCheckOutcome.Malformed ? HttpStatus.BAD_REQUEST : HttpStatus.UNPROCESSABLE_ENTITY;
        throw new ApiException(status, "OTP_" + outcome.code(), message);
    }

    private static OtpRecipient.Preference preference(JsonNode body) {
        JsonNode channel = body == null ? null : body.get("channel");
        if (channel == null || channel.isNull()) {
            return OtpRecipient.Preference.ANY;
        }
        return switch (channel.asText("").toLowerCase(Locale.ROOT)) {
            case "sms" -> OtpRecipient.Preference.SMS;
            case "email" -> OtpRecipient.Preference.EMAIL;
            default -> throw ApiException.badRequest("MALFORMED_REQUEST", "'channel' must be \"sms\" or \"email\"");
        };
    }

    private String text(String key, Locale locale, Object... args) {
        return messages.getMessage(key, args, locale);
    }
}
