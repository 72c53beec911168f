package dev.signet.notification;

import dev.signet.account.Caller;
import dev.signet.web.ApiException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /v2/sandbox/outbox}: what the sandbox "sent", with the links in it (sandbox keys only). */
@RestController
class SandboxOutboxController {

    private static final Pattern LINK = Pattern.compile("https?://\\S+");

    private final Outbox outbox;

    SandboxOutboxController(Outbox outbox) {
        this.outbox = outbox;
    }

    record MessageJson(
            UUID id,
            UUID envelopeId,
            UUID recipientId,
            String channel,
            String kind,
            String to,
            String subject,
            String text,
            List<String> links,
            String status,
            OffsetDateTime createdAt) {}

    @GetMapping("/v2/sandbox/outbox")
    java.util.Map<String, List<MessageJson>> list(
            Caller caller,
            @RequestParam(name = "envelope_id", required = false) UUID envelopeId,
            @RequestParam(name = "limit", defaultValue = "100") int limit) {
        if (!caller.sandbox()) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN, "SANDBOX_ONLY", "The outbox is readable with a sandbox key only");
        }
        List<MessageJson> messages =
                outbox
                        .list(caller.organisationId(), caller.mode(), envelopeId, Math.max(1, Math.min(limit, 500)))
                        .stream()
                        .map(m -> new MessageJson(
                                m.id(),
                                m.envelopeId(),
                                m.recipientId(),
                                m.channel(),
                                m.kind(),
                                m.address(),
                                m.subject(),
                                m.text(),
                                links(m.text()),
                                m.status(),
                                m.createdAt()))
                        .toList();
        return java.util.Map.of("messages", messages);
    }

    static List<String> links(String text) {
        if (text == null) {
            return List.of();
        }
        Matcher matcher = LINK.matcher(text);
        List<String> links = new java.util.ArrayList<>();
        while (matcher.find()) {
            links.add(matcher.group());
        }
        return links;
    }
}
