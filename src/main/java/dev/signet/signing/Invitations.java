package dev.signet.signing;

import dev.signet.envelope.Envelope;
import dev.signet.envelope.EnvelopeStatus;
import dev.signet.envelope.Envelopes;
import dev.signet.envelope.Recipient;
import dev.signet.evidence.AuditTrail;
import dev.signet.notification.Channel;
import dev.signet.notification.MailComposer;
import dev.signet.notification.OutboundMessage;
import dev.signet.notification.Outbox;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Invitations and reminders: a signing link, by email and, when asked for, by SMS. */
@Service
public class Invitations {

    private static final DateTimeFormatter EXPIRY = DateTimeFormatter.ofPattern("d MMMM yyyy, HH:mm 'UTC'", Locale.ENGLISH);

    private final Envelopes envelopes;
    private final SigningLinks links;
    private final Outbox outbox;
    private final MailComposer mail;
    private final AuditTrail audit;

    Invitations(Envelopes envelopes, SigningLinks links, Outbox outbox, MailComposer mail, AuditTrail audit) {
        this.audit = audit;
        this.envelopes = envelopes;
        this.links = links;
        this.outbox = outbox;
        this.mail = mail;
    }

    /**
     * Gives the recipient a fresh link (earlier ones stop working) and sends it. Does nothing once
     * the envelope is no longer ACTIVE or the recipient has signed.
     */
    @Transactional
    public void invite(UUID recipientId) {
        Recipient recipient = envelopes.recipient(recipientId).orElseThrow();
        Envelope envelope = envelopes.envelope(recipient.envelopeId()).orElseThrow();
        if (envelope.status() != EnvelopeStatus.ACTIVE || recipient.signed()) {
            return;
        }
        links.revokeAll(recipientId);
        OffsetDateTime expiresAt = SigningLinks.now().plusSeconds(recipient.activeForSeconds());
        String token = links.issue(recipientId, expiresAt);
        send(envelope, recipient, "INVITATION", token, expiresAt);
        if (recipient.wants("signer_invitation_sms") && recipient.mobileNumber() != null) {
            String text = envelopes.senderName(envelope) + " asks you to sign \"" + envelope.name() + "\": " + links.url(token);
            outbox.queue(new OutboundMessage(envelope.organisationId(), envelope.mode(), envelope.id(), recipientId,
                    Channel.SMS, "INVITATION", recipient.mobileNumber(), null, null, null, text, null));
        }
    }

    /**
     * Reminds an unsigned recipient with a new link that ends when their current one does: a
     * reminder never extends how long they may sign.
     * @return false when there was nothing to remind of (signed, withdrawn or expired)
     */
    @Transactional
    public boolean remind(UUID recipientId) {
        Recipient recipient = envelopes.recipient(recipientId).orElseThrow();
        Envelope envelope = envelopes.envelope(recipient.envelopeId()).orElseThrow();
        Optional<OffsetDateTime> expiresAt = links.expiresAt(recipientId).filter(t -> t.isAfter(SigningLinks.now()));
        if (envelope.status() != EnvelopeStatus.ACTIVE || recipient.signed() || expiresAt.isEmpty()) {
            return false;
        }
        send(envelope, recipient, "REMINDER", links.issue(recipientId, expiresAt.get()), expiresAt.get());
        return true;
    }

    private void send(Envelope envelope, Recipient recipient, String kind, String token, OffsetDateTime expiresAt) {
        if (!recipient.wants("signer_invitation")) {
            return;
        }
        String sender = envelopes.senderName(envelope);
        Map<String, Object> model = new HashMap<>();
        model.put("envelopeName", envelope.name());
        model.put("recipientName", recipient.name());
        model.put("senderName", sender);
        model.put("message", envelope.invitationMessage());
        model.put("link", links.url(token));
        model.put("expiresAt", EXPIRY.format(expiresAt));
        MailComposer.Composed composed = mail.compose(kind, model, new Object[] {envelope.name(), sender}, Locale.ENGLISH);
        outbox.queue(OutboundMessage.email(envelope.organisationId(), envelope.mode(), envelope.id(), recipient.id(), kind,
                recipient.email(), sender, envelope.replyTo(), composed));
        if (kind.equals("INVITATION")) {
            envelopes.markInvitationQueued(recipient.id());
        }
        audit.record(envelope.id(), kind.toLowerCase(Locale.ROOT) + "_sent", "system",
                Map.of("recipient", recipient.id().toString(), "link_expires_at", expiresAt.toString()));
    }
}
