package dev.signet.signing;

import dev.signet.envelope.Envelope;
import dev.signet.envelope.EnvelopeStatus;
import dev.signet.envelope.Envelopes;
import dev.signet.envelope.Recipient;
import dev.signet.envelope.RecipientType;
import dev.signet.signing.SigningEvents.LinkRenewed;
import java.time.Duration;
import java.util.Optional;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A recipient whose link expired asks for a new one from the signing page. The answer never says
 * whether a link was sent: whoever holds an old link learns nothing about the envelope from it.
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
    public void renew(String token) {
        Optional<Recipient> holder = links.find(token).filter(SigningLinks.TokenRecord::expired)
                .flatMap(t -> envelopes.recipient(t.recipientId()));
        if (holder.isEmpty()) {
            return;
        }
        // Locking the envelope serialises two clicks on "send me a new link": only one passes the limit.
        Envelope envelope = envelopes.lockEnvelope(holder.get().envelopeId());
        Recipient recipient = envelopes.recipient(holder.get().id()).orElseThrow();
        if (envelope.status() != EnvelopeStatus.ACTIVE || recipient.signed() || recipient.type() != RecipientType.SIGNER
                || !recipient.wants("signer_invitation")
                || links.issuedSince(recipient.id(), SigningLinks.now().minus(INTERVAL))) {
            return;
        }
        invitations.invite(recipient.id());
        events.publishEvent(new LinkRenewed(envelope.id(), recipient.id()));
    }
}
