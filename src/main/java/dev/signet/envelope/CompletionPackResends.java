package dev.signet.envelope;

import dev.signet.account.Caller;
import dev.signet.notification.EnvelopeMessage;
import dev.signet.notification.Notifications;
import dev.signet.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Re-sends the completion email, with the pack attached as the first time, to one recipient
 * (reference §1.9): 409 until the envelope is complete, 429 within five minutes of the last
 * re-send to that recipient, 410 once they have had {@link #LIMIT} re-sends. The re-sends are
 * counted from the audit trail, where each is recorded in the transaction that queues it.
 */
@Service
class CompletionPackResends {

    static final String AUDIT_TYPE = "completion_pack_resent";
    /** The reference leaves the total open; five re-sends is plenty for a lost email. */
    static final int LIMIT = 5;

    static final Duration WAIT = Duration.ofMinutes(5);

    private final EnvelopeService envelopes;
    private final EnvelopeRepository repository;
    private final EnvelopeLifecycle lifecycle;
    private final Notifications notifications;
    private final AuditTrail audit;
    private Clock clock = Clock.systemUTC();

    CompletionPackResends(
            EnvelopeService envelopes,
            EnvelopeRepository repository,
            EnvelopeLifecycle lifecycle,
            Notifications notifications,
            AuditTrail audit) {
        this.envelopes = envelopes;
        this.repository = repository;
        this.lifecycle = lifecycle;
        this.notifications = notifications;
        this.audit = audit;
    }

    /** For tests: the time the five-minute wait is measured at (the audit trail keeps the real time). */
    void useClock(Clock clock) {
        this.clock = clock;
    }

    @Transactional
    public UUID resend(Caller caller, UUID envelopeId, UUID recipientId) {
        envelopes.get(caller, envelopeId);
        Envelope envelope =
                repository.lock(envelopeId).orElseThrow(() -> ApiException.notFound("Envelope " + envelopeId));
        Recipient recipient = repository
                .recipient(recipientId)
                .filter(r -> r.envelopeId().equals(envelopeId))
                .orElseThrow(() -> ApiException.notFound("Recipient " + recipientId));
        if (envelope.status() != EnvelopeStatus.COMPLETE) {
            throw ApiException.conflict("ENVELOPE_NOT_COMPLETE", "The completion pack exists once everyone has signed");
        }
        List<AuditEvent> earlier = audit.events(envelopeId).stream()
                .filter(e -> e.type().equals(AUDIT_TYPE) && e.detailsJson().contains("\"" + recipientId + "\""))
                .toList();
        if (earlier.size() >= LIMIT) {
            throw new ApiException(
                    HttpStatus.GONE,
                    "RESEND_LIMIT_REACHED",
                    "This recipient has been sent the completion pack again " + LIMIT + " times, the most there is");
        }
        if (!earlier.isEmpty()) {
            OffsetDateTime next = earlier.get(earlier.size() - 1).occurredAt().plus(WAIT);
            Duration left = Duration.between(OffsetDateTime.now(clock), next);
            if (!left.isNegative() && !left.isZero()) {
                throw ApiException.tooManyRequests((left.toMillis() + 999) / 1000);
            }
        }
        EnvelopeMessage.About about = new EnvelopeMessage.About(
                envelope.organisationId(),
                envelope.mode(),
                envelopeId,
                envelope.name(),
                lifecycle.senderName(envelope),
                envelope.replyTo(),
                Locale.ENGLISH);
        notifications.send(new EnvelopeMessage.Completion(
                about,
                new EnvelopeMessage.To(recipient.id(), recipient.email(), recipient.name()),
                lifecycle.packAttached(envelopeId)));
        audit.record(
                envelopeId,
                AUDIT_TYPE,
                "sender",
                Map.of("recipient_id", recipientId.toString(), "resend", earlier.size() + 1));
        return recipientId;
    }
}
