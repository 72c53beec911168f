package dev.signet.signing;

import dev.signet.envelope.Envelope;
import dev.signet.envelope.EnvelopeStatus;
import dev.signet.envelope.Envelopes;
import dev.signet.envelope.Recipient;
import dev.signet.envelope.RecipientType;
import dev.signet.notification.EnvelopeMessage;
import dev.signet.notification.Notifications;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Invitations and reminders: a signing link, by email and, when asked for, by SMS. */
@Service
public class Invitations {

    private final Envelopes envelopes;
    private final SigningLinks links;
    private final Notifications notifications;

    Invitations(Envelopes envelopes, SigningLinks links, Notifications notifications) {
        this.envelopes = envelopes;
        this.links = links;
        this.notifications = notifications;
    }

    /**
     * Gives the recipient a fresh link (earlier ones stop working) and sends it. Does nothing once
     * the envelope is no longer ACTIVE or the recipient has signed. An embedded signer is sent
     * nothing: the tokens made at create are released, their time to sign starting now.
     */
    @Transactional
    public void invite(UUID recipientId) {
        Recipient recipient = envelopes.recipient(recipientId).orElseThrow();
        Envelope envelope = envelopes.envelope(recipient.envelopeId()).orElseThrow();
        if (envelope.status() != EnvelopeStatus.ACTIVE || recipient.signed()) {
            return;
        }
        if (envelope.embedded()) {
            // The integrator holds the token from the create answer and shows the signer the page.
            OffsetDateTime expiresAt = SigningLinks.now().plusSeconds(recipient.activeForSeconds());
            links.release(recipientId, expiresAt);
            envelopes.embeddedLinkReleased(recipient, expiresAt);
            return;
        }
        links.revokeAll(recipientId);
        OffsetDateTime expiresAt = SigningLinks.now().plusSeconds(recipient.activeForSeconds());
        String token = links.issue(recipientId, expiresAt);
        send(envelope, recipient, "INVITATION", token, expiresAt);
        if (recipient.wants("signer_invitation_sms") && recipient.mobileNumber() != null) {
            notifications.send(new EnvelopeMessage.InvitationSms(
                    about(envelope), recipientId, recipient.mobileNumber(), links.url(token)));
        }
    }

    /**
     * Reminds an unsigned recipient (never an embedded one: they are not emailed a link) with a new
     * link that ends when their current one does: a reminder never extends how long they may sign.
     * @return false when there was nothing to remind of (signed, withdrawn or expired)
     */
    @Transactional
    public boolean remind(UUID recipientId) {
        Recipient recipient = envelopes.recipient(recipientId).orElseThrow();
        Envelope envelope = envelopes.envelope(recipient.envelopeId()).orElseThrow();
        Optional<OffsetDateTime> expiresAt = links.expiresAt(recipientId).filter(t -> t.isAfter(SigningLinks.now()));
        if (envelope.status() != EnvelopeStatus.ACTIVE
                || recipient.signed()
                || expiresAt.isEmpty()
                || envelope.embedded()) {
            return false;
        }
        send(envelope, recipient, "REMINDER", links.issue(recipientId, expiresAt.get()), expiresAt.get());
        return true;
    }

    private void send(Envelope envelope, Recipient recipient, String kind, String token, OffsetDateTime expiresAt) {
        if (!recipient.wants("signer_invitation")) {
            return;
        }
        EnvelopeMessage.To to = new EnvelopeMessage.To(recipient.id(), recipient.email(), recipient.name());
        Optional<Recipient> witnessed = recipient.type() == RecipientType.WITNESS && recipient.signerId() != null
                ? envelopes.recipient(recipient.signerId())
                : Optional.empty();
        notifications.send(
                kind.equals("INVITATION") && witnessed.isPresent()
                        ? new EnvelopeMessage.WitnessInvitation(
                                about(envelope), to, witnessed.get().name(), links.url(token), expiresAt)
                        : kind.equals("INVITATION")
                                ? new EnvelopeMessage.Invitation(
                                        about(envelope), to, envelope.invitationMessage(), links.url(token), expiresAt)
                                : new EnvelopeMessage.Reminder(about(envelope), to, links.url(token), expiresAt));
        envelopes.linkSent(recipient, kind.equals("INVITATION"), expiresAt);
    }

    EnvelopeMessage.About about(Envelope envelope) {
        return new EnvelopeMessage.About(
                envelope.organisationId(),
                envelope.mode(),
                envelope.id(),
                envelope.name(),
                envelopes.senderName(envelope),
                envelope.replyTo(),
                Locale.ENGLISH);
    }
}
