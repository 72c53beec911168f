package dev.signet.signing;

import dev.signet.SignetProperties;
import dev.signet.assurance.AssuranceFacts;
import dev.signet.assurance.YotiShareService;
import dev.signet.envelope.Envelope;
import dev.signet.envelope.EnvelopeStatus;
import dev.signet.envelope.Envelopes;
import dev.signet.envelope.Recipient;
import dev.signet.web.ApiException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The Yoti auth step of the signing link ({@code auth_type: sign-auth}): whether the documents may
 * be shown yet, starting a share session, and the check that, once the shared email is the
 * recipient's, records the receipt with the recipient and lets their process move on to Sign. The
 * rules of the share itself are {@link YotiShareService}'s.
 */
@Component
class ShareStep {

    private final SigningLinks links;
    private final Envelopes envelopes;
    private final YotiShareService shares;
    private final ShareGate gate;
    private final SignetProperties properties;
    private final ApplicationEventPublisher events;

    ShareStep(
            SigningLinks links,
            Envelopes envelopes,
            YotiShareService shares,
            ShareGate gate,
            SignetProperties properties,
            ApplicationEventPublisher events) {
        this.links = links;
        this.envelopes = envelopes;
        this.shares = shares;
        this.gate = gate;
        this.properties = properties;
        this.events = events;
    }

    boolean pending(UUID recipientId) {
        return gate.pending(recipientId);
    }

    /** Where the signer stands, starting nothing; empty once nothing is owed (the signing page). */
    @Transactional
    Optional<YotiShareService.Stage> view(String token) {
        Recipient recipient = activeRecipient(token);
        if (settled(token, recipient)) {
            return Optional.empty();
        }
        return Optional.of(shares.peek(recipient.id()));
    }

    /** Starts (or resumes) a share session, or says why not; empty once nothing is owed. */
    @Transactional
    Optional<YotiShareService.Stage> start(String token) {
        Recipient recipient = activeRecipient(token);
        if (settled(token, recipient)) {
            return Optional.empty();
        }
        return Optional.of(shares.start(shareRecipient(token, recipient)));
    }

    /** The sandbox page's choice, then the check. */
    @Transactional
    YotiShareService.Outcome sandboxChoice(String token, String choice) {
        Recipient recipient = activeRecipient(token);
        if (!gate.pending(recipient.id())) {
            return YotiShareService.Outcome.PASSED;
        }
        shares.sandboxChoice(recipient.id(), choice);
        return check(token);
    }

    /**
     * Asks whether the signer shared; a share with their own email passes the step, in the same
     * transaction as the check (the receipt recorded with the recipient, the process moved on).
     */
    @Transactional
    YotiShareService.Outcome check(String token) {
        Recipient recipient = activeRecipient(token);
        if (!gate.pending(recipient.id())) {
            return YotiShareService.Outcome.PASSED;
        }
        YotiShareService.Check check = shares.check(shareRecipient(token, recipient));
        if (check.outcome() == YotiShareService.Outcome.PASSED) {
            pass(recipient, check);
        }
        return check.outcome();
    }

    /** What the sender asked for besides the email, as the API names it; null when nothing. */
    @Transactional(readOnly = true)
    String requestedAttributes(String token) {
        Recipient recipient = activeRecipient(token);
        List<String> asked = envelopes.yotiAttributes(recipient.id()).stream()
                .filter(a -> !a.equals("email_address"))
                .toList();
        return asked.isEmpty() ? null : String.join(", ", asked);
    }

    /** The open session's link, for its QR code; only Yoti's sessions have one to scan. */
    @Transactional(readOnly = true)
    Optional<String> shareUri(String token) {
        Recipient recipient = activeRecipient(token);
        return Optional.of(shares.peek(recipient.id()))
                .filter(YotiShareService.Open.class::isInstance)
                .map(YotiShareService.Open.class::cast)
                .filter(open -> !open.provider().equals("sandbox"))
                .map(YotiShareService.Open::shareUri);
    }

    /**
     * True when nothing is owed any more; a share that passed while the process was away from
     * "Share with Yoti" (its link timer fired) is taken now that it waits there again.
     */
    private boolean settled(String token, Recipient recipient) {
        if (!gate.pending(recipient.id())) {
            return true;
        }
        Optional<YotiShareService.Check> kept = shares.passed(recipient.id());
        if (kept.isPresent() && gate.waiting(recipient.id())) {
            pass(recipient, kept.get());
            return true;
        }
        return false;
    }

    private void pass(Recipient recipient, YotiShareService.Check check) {
        if (!gate.waiting(recipient.id())) {
            // Kept as PASSED with the provider's receipt; taken when the process waits for it again.
            return;
        }
        envelopes.checkPassed(recipient.id(), check.evidence());
        events.publishEvent(new SigningEvents.YotiSharePassed(recipient.envelopeId(), recipient.id()));
    }

    private YotiShareService.ShareRecipient shareRecipient(String token, Recipient recipient) {
        Envelope envelope = envelopes.envelope(recipient.envelopeId()).orElseThrow(() -> ApiException.notFound("Link"));
        return new YotiShareService.ShareRecipient(
                envelope.id(),
                recipient.id(),
                recipient.email(),
                envelopes.yotiAttributes(recipient.id()),
                AssuranceFacts.sandbox(envelope.mode(), properties.embedded()),
                properties.publicUrl() + "/sign/" + token + "/yoti/done");
    }

    private Recipient activeRecipient(String token) {
        SigningLinks.TokenRecord record = links.find(token)
                .orElseThrow(() -> new ApiException(
                        HttpStatus.NOT_FOUND,
                        "LINK_NOT_FOUND",
                        "This signing link is not valid; use the newest link you were sent"));
        if (record.expired()) {
            throw new ApiException(
                    HttpStatus.GONE, "LINK_EXPIRED", "This signing link has expired; ask the sender for a new one");
        }
        Recipient recipient =
                envelopes.recipient(record.recipientId()).orElseThrow(() -> ApiException.notFound("Link"));
        Envelope envelope = envelopes.envelope(recipient.envelopeId()).orElseThrow(() -> ApiException.notFound("Link"));
        if (envelope.status() != EnvelopeStatus.ACTIVE) {
            throw ApiException.conflict(
                    "ENVELOPE_NOT_ACTIVE", "This envelope is " + envelope.status() + " and can no longer be signed");
        }
        return recipient;
    }
}
