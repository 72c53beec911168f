package dev.signet.signing;

import dev.signet.envelope.Envelope;
import dev.signet.envelope.EnvelopeStatus;
import dev.signet.envelope.Envelopes;
import dev.signet.envelope.Recipient;
import dev.signet.envelope.RecipientType;
import dev.signet.signing.SigningEvents.LinkRenewed;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A recipient whose link expired asks for a new one from the signing page. The answer never says
 * whether a link was sent: whoever holds an old link learns nothing about the envelope from it
 * beyond what the expired page already showed (that the envelope waits for this person's signature).
 * The one answer that differs is inside the rate limit: then a link did go to the recipient's
 * address minutes ago and saying "on its way" would be untrue, so the page says when it was sent
 * and when to ask again. That tells the holder no more than their own inbox does, and nothing of the
 * address, the sender's email settings or another recipient.
 */
@Service
class LinkRenewal {

    /** At most one new link per recipient in this time, whoever asks; reminders and invitations count. */
    static final Duration INTERVAL = Duration.ofMinutes(10);

    private final SigningLinks links;
    private final Envelopes envelopes;
    private final Invitations invitations;
    private final ApplicationEventPublisher events;

    LinkRenewal(SigningLinks links, Envelopes envelopes, Invitations invitations, ApplicationEventPublisher events) {
        this.links = links;
        this.envelopes = envelopes;
        this.invitations = invitations;
        this.events = events;
    }

    /**
     * Sends a fresh invitation (earlier links stop working) when the token is expired, its recipient
     * an unsigned signer who receives emails and the envelope ACTIVE; the recipient's process, waiting
     * for a new link, then returns to signing.
     */
    @Transactional
    public Answer renew(String token) {
        Optional<Recipient> holder = links.find(token)
                .filter(SigningLinks.TokenRecord::expired)
                .flatMap(t -> envelopes.recipient(t.recipientId()));
        if (holder.isEmpty()) {
            return Answer.IF_WAITING;
        }
        // Locking the envelope serialises two clicks on "send me a new link": only one passes the limit.
        Envelope envelope = envelopes.lockEnvelope(holder.get().envelopeId());
        Recipient recipient = envelopes.recipient(holder.get().id()).orElseThrow();
        if (envelope.status() != EnvelopeStatus.ACTIVE
                || recipient.signed()
                || recipient.type() != RecipientType.SIGNER
                || !recipient.wants("signer_invitation")) {
            return Answer.IF_WAITING;
        }
        OffsetDateTime now = SigningLinks.now();
        Optional<OffsetDateTime> last = links.lastIssued(recipient.id()).filter(at -> at.isAfter(now.minus(INTERVAL)));
        if (last.isPresent()) {
            return Answer.sentRecently(Duration.between(now, last.get().plus(INTERVAL)));
        }
        invitations.invite(recipient.id());
        events.publishEvent(new LinkRenewed(envelope.id(), recipient.id()));
        return Answer.IF_WAITING;
    }

    /**
     * What the page may say: {@code minutesToWait} is 0 for the usual answer ("if the documents still
     * wait for you, a link is on its way"), else the whole minutes, 1 to 10, until a new link can be
     * sent, because one already was within the limit.
     */
    record Answer(int minutesToWait) {

        static final Answer IF_WAITING = new Answer(0);

        static Answer sentRecently(Duration untilNext) {
            long minutes = (untilNext.getSeconds() + 59) / 60;
            return new Answer((int) Math.max(1, Math.min(INTERVAL.toMinutes(), minutes)));
        }

        boolean sentRecently() {
            return minutesToWait > 0;
        }
    }
}
