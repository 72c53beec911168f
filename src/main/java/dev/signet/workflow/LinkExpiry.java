package dev.signet.workflow;

import dev.signet.signing.SigningLinks;
import java.util.Date;
import java.util.UUID;
import org.springframework.stereotype.Component;

/** The link-expiry timer's due date: {@code ${linkExpiry.dueDate(recipientId)}}. */
@Component("linkExpiry")
public class LinkExpiry {

    private final SigningLinks links;

    LinkExpiry(SigningLinks links) {
        this.links = links;
    }

    public Date dueDate(String recipientId) {
        return links.expiresAt(UUID.fromString(recipientId))
                .map(t -> Date.from(t.toInstant()))
                // No link (the recipient receives no emails and was given none): nothing can expire.
                .orElseGet(() -> Date.from(java.time.Instant.now().plus(java.time.Duration.ofDays(36500))));
    }
}
