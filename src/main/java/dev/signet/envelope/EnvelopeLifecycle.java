package dev.signet.envelope;

import dev.signet.account.AccountService;
import dev.signet.evidence.AuditTrail;
import dev.signet.notification.DeliveryRecorded;
import dev.signet.notification.MailComposer;
import dev.signet.notification.Outbox;
import dev.signet.notification.OutboundMessage;
import dev.signet.web.ApiException;
import java.util.HashMap;
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
public class EnvelopeLifecycle {

    private final EnvelopeRepository repository;
    private final DocumentPreparation preparation;
    private final AuditTrail audit;
    private final CompletionPack pack;
    private final Outbox outbox;
    private final MailComposer mail;
    private final AccountService accounts;
    private final ApplicationEventPublisher events;

    EnvelopeLifecycle(EnvelopeRepository repository, DocumentPreparation preparation, AuditTrail audit, CompletionPack pack,
            Outbox outbox,
            MailComposer mail, AccountService accounts, ApplicationEventPublisher events) {
        this.repository = repository;
        this.preparation = preparation;
        this.audit = audit;
        this.pack = pack;
        this.outbox = outbox;
        this.mail = mail;
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
        audit.record(envelopeId, prepared ? "documents_prepared" : "envelope_errored", "system",
                Map.of("documents", repository.documents(envelopeId).size()));
        return prepared;
    }

    @Transactional
    public void activate(UUID envelopeId) {
        Envelope envelope = repository.lock(envelopeId).orElseThrow();
        if (envelope.status() == EnvelopeStatus.QUEUED) {
            repository.setStatus(envelopeId, EnvelopeStatus.ACTIVE, "activated_at");
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
        pack.build(repository.find(envelopeId).orElseThrow(), senderName(envelope));
        for (Recipient r : repository.recipients(envelopeId)) {
            if (r.wants("envelope_completion")) {
                email(envelope, r.id(), r.email(), r.name(), "COMPLETION");
            }
        }
        if (envelope.notifySender()) {
            accounts.organisation(envelope.organisationId())
                    .filter(org -> org.notificationEmail() != null)
                    .ifPresent(org -> email(envelope, null, org.notificationEmail(), org.name(), "COMPLETION_SENDER"));
        }
    }

    /** Tells the signers who were invited and have not signed that the envelope was withdrawn. */
    @Transactional
    public void notifyArchived(UUID envelopeId) {
        Envelope envelope = repository.find(envelopeId).orElseThrow();
        for (Recipient r : repository.recipients(envelopeId)) {
            if (r.type() == RecipientType.SIGNER && !r.signed() && r.invitationEmailQueuedAt() != null) {
                email(envelope, r.id(), r.email(), r.name(), "ARCHIVED");
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
            throw ApiException.conflict("DECLINE_NOT_ALLOWED", "The sender has not allowed this envelope to be declined");
        }
        if (recipient.type() != RecipientType.SIGNER || recipient.signStatus() != Recipient.SignStatus.UNSIGNED
                || recipient.invitationEmailQueuedAt() == null) {
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
        Recipient decliner = recipients.stream().filter(r -> r.signStatus() == Recipient.SignStatus.DECLINED).findFirst().orElse(null);
        if (decliner == null) {
            return;
        }
        Map<String, Object> extra = Map.of("declinerName", decliner.name(),
                "reason", repository.declineReason(decliner.id()).orElse(""));
        for (Recipient r : recipients) {
            if (r.type() == RecipientType.SIGNER && !r.id().equals(decliner.id()) && r.invitationEmailQueuedAt() != null) {
                email(envelope, r.id(), r.email(), r.name(), "DECLINED", extra);
            }
        }
        if (envelope.notifySender()) {
            accounts.organisation(envelope.organisationId())
                    .filter(org -> org.notificationEmail() != null)
                    .ifPresent(org -> email(envelope, null, org.notificationEmail(), org.name(), "DECLINED", extra));
        }
    }

    /** Queues one of the envelope's emails to one person, rendered from its template. */
    @Transactional
    public void email(Envelope envelope, UUID recipientId, String address, String name, String kind) {
        email(envelope, recipientId, address, name, kind, Map.of());
    }

    @Transactional
    public void email(Envelope envelope, UUID recipientId, String address, String name, String kind,
            Map<String, Object> extra) {
        String sender = senderName(envelope);
        Map<String, Object> model = new HashMap<>(extra);
        model.put("envelopeName", envelope.name());
        model.put("recipientName", name);
        model.put("senderName", sender);
        MailComposer.Composed composed = mail.compose(kind, model, new Object[] {envelope.name(), sender}, Locale.ENGLISH);
        outbox.queue(OutboundMessage.email(envelope.organisationId(), envelope.mode(), envelope.id(), recipientId, kind,
                address, sender, envelope.replyTo(), composed));
    }

    public String senderName(Envelope envelope) {
        if (envelope.senderName() != null) {
            return envelope.senderName();
        }
        return accounts.organisation(envelope.organisationId()).map(AccountService.Organisation::name).orElse("Signet");
    }

    @Transactional
    public void markInvitationQueued(UUID recipientId) {
        repository.markInvitationQueued(recipientId);
    }

    @EventListener
    void onDelivery(DeliveryRecorded delivery) {
        if (delivery.channel() == dev.signet.notification.Channel.EMAIL) {
            repository.setLastEmailStatus(delivery.recipientId(), delivery.status());
        }
    }
}
