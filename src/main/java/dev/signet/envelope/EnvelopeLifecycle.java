package dev.signet.envelope;

import dev.signet.account.AccountService;
import dev.signet.document.DocumentStore;
import dev.signet.evidence.CompletionPack;
import dev.signet.notification.DeliveryRecorded;
import dev.signet.notification.EnvelopeMessage;
import dev.signet.notification.Notifications;
import dev.signet.web.ApiException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The steps of an envelope's life that the envelope process drives: prepare, activate, complete,
 * archive. Each is safe to run twice, since the job executor may repeat a job.
 */
@Service
class EnvelopeLifecycle {

    private final EnvelopeRepository repository;
    private final DocumentStore documents;
    private final DocumentPreparation preparation;
    private final AuditTrail audit;
    private final CompletionPack pack;
    private final PackSource packSource;
    private final Notifications notifications;
    private final AccountService accounts;
    private final ApplicationEventPublisher events;

    EnvelopeLifecycle(
            EnvelopeRepository repository,
            DocumentStore documents,
            DocumentPreparation preparation,
            AuditTrail audit,
            CompletionPack pack,
            PackSource packSource,
            Notifications notifications,
            AccountService accounts,
            ApplicationEventPublisher events) {
        this.repository = repository;
        this.documents = documents;
        this.preparation = preparation;
        this.audit = audit;
        this.pack = pack;
        this.packSource = packSource;
        this.notifications = notifications;
        this.accounts = accounts;
        this.events = events;
    }

    /**
     * Prepares every document (see {@link DocumentPreparation}).
     * @return false when the envelope was marked ERRORED instead
     */
    @Transactional
    public boolean prepare(UUID envelopeId) {
        Envelope envelope = repository.lock(envelopeId).orElseThrow();
        if (envelope.status() != EnvelopeStatus.QUEUED) {
            return envelope.status() != EnvelopeStatus.ERRORED;
        }
        boolean prepared = preparation.prepare(envelope);
        audit.record(
                envelopeId,
                prepared ? "documents_prepared" : "envelope_errored",
                "system",
                Map.of("documents", documents.documents(envelopeId).size()));
        if (!prepared) {
            events.publishEvent(new EnvelopeWebhooks.UploadErrors(envelope));
        }
        return prepared;
    }

    @Transactional
    public void activate(UUID envelopeId) {
        Envelope envelope = repository.lock(envelopeId).orElseThrow();
        if (envelope.status() == EnvelopeStatus.QUEUED) {
            repository.setStatus(envelopeId, EnvelopeStatus.ACTIVE, "activated_at");
            events.publishEvent(new EnvelopeWebhooks.Ready(envelope));
        }
    }

    /** Marks the envelope COMPLETE and sends the completion email to everyone who asked for it. */
    @Transactional
    public void complete(UUID envelopeId) {
        Envelope envelope = repository.lock(envelopeId).orElseThrow();
        if (envelope.status() != EnvelopeStatus.ACTIVE) {
            return;
        }
        repository.setStatus(envelopeId, EnvelopeStatus.COMPLETE, "completed_at");
        audit.record(envelopeId, "envelope_completed", "system", Map.of());
        events.publishEvent(new EnvelopeWebhooks.Completed(envelope));
        pack.build(packSource.completed(repository.find(envelopeId).orElseThrow(), senderName(envelope)));
        EnvelopeMessage.About about = about(envelope);
        boolean packAttached = packAttached(envelopeId);
        for (Recipient r : repository.recipients(envelopeId)) {
            if (r.wants("envelope_completion")) {
                notifications.send(new EnvelopeMessage.Completion(about, to(r), packAttached));
            }
        }
        if (envelope.notifySender()) {
            accounts.organisation(envelope.organisationId())
                    .filter(org -> org.notificationEmail() != null)
                    .ifPresent(org -> notifications.send(new EnvelopeMessage.CompletionToSender(
                            about, new EnvelopeMessage.To(null, org.notificationEmail(), org.name()), packAttached)));
        }
    }

    byte[] completionPackZip(UUID envelopeId) {
        return pack.zip(envelopeId);
    }

    /** Whether the completion emails will carry the pack (evidence decides: not when it is too large to mail). */
    boolean packAttached(UUID envelopeId) {
        return pack.carriesFiles(envelopeId, "COMPLETION");
    }

    /** Tells the signers and named witnesses who were invited and have not signed that the envelope was withdrawn. */
    @Transactional
    public void notifyArchived(UUID envelopeId) {
        Envelope envelope = repository.find(envelopeId).orElseThrow();
        for (Recipient r : repository.recipients(envelopeId)) {
            if (r.type() != RecipientType.CC && !r.signed() && r.invitationEmailQueuedAt() != null) {
                notifications.send(new EnvelopeMessage.Archived(about(envelope), to(r)));
            }
        }
    }

    /**
     * A signer declines (the envelope must allow it): the envelope becomes DECLINED, final, and the
     * envelope process tells the others. Runs in the caller's transaction, with the envelope locked.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void decline(Envelope envelope, Recipient recipient, String reason) {
        if (!envelope.allowDecline()) {
            throw ApiException.conflict(
                    "DECLINE_NOT_ALLOWED", "The sender has not allowed this envelope to be declined");
        }
        // An invitation marks a signer's turn; an embedded signer gets none, and their token is held
        // until their turn (signing refuses it before with NOT_YOUR_TURN).
        boolean theirTurn = envelope.embedded() || recipient.invitationEmailQueuedAt() != null;
        if (recipient.type() != RecipientType.SIGNER
                || recipient.signStatus() != Recipient.SignStatus.UNSIGNED
                || !theirTurn) {
            throw ApiException.conflict("DECLINE_NOT_ALLOWED", "Only a signer whose turn it is can decline");
        }
        if (!repository.markDeclined(recipient.id(), reason)) {
            throw ApiException.conflict("ALREADY_SIGNED", "You have already signed or declined this envelope");
        }
        repository.setStatus(envelope.id(), EnvelopeStatus.DECLINED, "declined_at");
        audit.record(envelope.id(), "recipient_declined", "recipient:" + recipient.id(), Map.of("reason", reason));
        events.publishEvent(new EnvelopeEvents.DeclineRecorded(envelope.id(), recipient.id()));
    }

    /** Tells the other invited signers and the sender that a signer declined, and why. */
    @Transactional
    public void notifyDeclined(UUID envelopeId) {
        Envelope envelope = repository.find(envelopeId).orElseThrow();
        List<Recipient> recipients = repository.recipients(envelopeId);
        Recipient decliner = recipients.stream()
                .filter(r -> r.signStatus() == Recipient.SignStatus.DECLINED)
                .findFirst()
                .orElse(null);
        if (decliner == null) {
            return;
        }
        EnvelopeMessage.About about = about(envelope);
        String reason = repository.declineReason(decliner.id()).orElse("");
        for (Recipient r : recipients) {
            if (r.type() != RecipientType.CC && !r.id().equals(decliner.id()) && r.invitationEmailQueuedAt() != null) {
                notifications.send(new EnvelopeMessage.Declined(about, to(r), decliner.name(), reason));
            }
        }
        if (envelope.notifySender()) {
            accounts.organisation(envelope.organisationId())
                    .filter(org -> org.notificationEmail() != null)
                    .ifPresent(org -> notifications.send(new EnvelopeMessage.Declined(
                            about,
                            new EnvelopeMessage.To(null, org.notificationEmail(), org.name()),
                            decliner.name(),
                            reason)));
        }
    }

    /** What every email about this envelope says of it: its name, and the sender it goes out under. */
    private EnvelopeMessage.About about(Envelope envelope) {
        return new EnvelopeMessage.About(
                envelope.organisationId(),
                envelope.mode(),
                envelope.id(),
                envelope.name(),
                senderName(envelope),
                envelope.replyTo(),
                Locale.ENGLISH);
    }

    private static EnvelopeMessage.To to(Recipient recipient) {
        return new EnvelopeMessage.To(recipient.id(), recipient.email(), recipient.name());
    }

    public String senderName(Envelope envelope) {
        if (envelope.senderName() != null) {
            return envelope.senderName();
        }
        return accounts.organisation(envelope.organisationId())
                .map(AccountService.Organisation::name)
                .orElse("Signet");
    }

    @Transactional
    public void embeddedLinkReleased(Recipient recipient, OffsetDateTime expiresAt) {
        repository.markTurnReached(recipient.id());
        audit.record(
                recipient.envelopeId(),
                "embedded_signer_ready",
                "system",
                Map.of("recipient", recipient.id().toString(), "link_expires_at", expiresAt.toString()));
    }

    @Transactional
    public void linkSent(Recipient recipient, boolean invitation, OffsetDateTime expiresAt) {
        if (invitation) {
            repository.markInvitationQueued(recipient.id());
        }
        audit.record(
                recipient.envelopeId(),
                invitation ? "invitation_sent" : "reminder_sent",
                "system",
                Map.of("recipient", recipient.id().toString(), "link_expires_at", expiresAt.toString()));
    }

    @Transactional
    public void oweChecks(UUID recipientId, List<Recipient.Check> checks) {
        repository.setChecksOwed(recipientId, checks);
    }

    @Transactional
    public void checkSettled(UUID recipientId, Recipient.Check check) {
        repository.lockRecipient(recipientId);
        List<Recipient.Check> owed = new ArrayList<>(repository.checksOwed(recipientId));
        if (owed.remove(check)) {
            repository.setChecksOwed(recipientId, owed);
        }
    }

    @Transactional
    public void checkPassed(UUID recipientId, String check) {
        repository.lockRecipient(recipientId);
        repository.addCheckPassed(recipientId, check);
    }

    @EventListener
    void onDelivery(DeliveryRecorded delivery) {
        if (delivery.channel() == dev.signet.notification.Channel.EMAIL) {
            repository.setLastEmailStatus(delivery.recipientId(), delivery.status());
        }
    }
}
