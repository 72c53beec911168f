package dev.signet.envelope;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.signet.account.AccountService;
import dev.signet.document.PdfInspector;
import dev.signet.document.PdfInspector.PageSize;
import dev.signet.document.PdfInspector.Readable;
import dev.signet.document.PdfInspector.Rejected;
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
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The steps of an envelope's life that the envelope process drives: prepare, activate, complete,
 * archive. Each is safe to run twice, since the job executor may repeat a job.
 */
@Service
public class EnvelopeLifecycle {

    private final EnvelopeRepository repository;
    private final PdfInspector inspector;
    private final Outbox outbox;
    private final MailComposer mail;
    private final AccountService accounts;
    private final ObjectMapper json;
    private final ApplicationEventPublisher events;

    EnvelopeLifecycle(EnvelopeRepository repository, PdfInspector inspector, Outbox outbox, MailComposer mail,
            AccountService accounts, ObjectMapper json, ApplicationEventPublisher events) {
        this.events = events;
        this.repository = repository;
        this.inspector = inspector;
        this.outbox = outbox;
        this.mail = mail;
        this.accounts = accounts;
        this.json = json;
    }

    /**
     * Checks every document can be read and every tag lands on a page that exists, inside it.
     * @return false when the envelope was marked ERRORED instead
     */
    @Transactional
    public boolean prepare(UUID envelopeId) {
        Envelope envelope = repository.lock(envelopeId).orElseThrow();
        if (envelope.status() != EnvelopeStatus.QUEUED) {
            return envelope.status() != EnvelopeStatus.ERRORED;
        }
        ArrayNode errors = json.createArrayNode();
        Map<UUID, List<PageSize>> pages = new HashMap<>();
        List<Document> documents = repository.documents(envelopeId);
        for (Document document : documents) {
            byte[] content = repository.content(document.id()).orElseThrow();
            PdfInspector.Result result = inspector.inspect(content);
            if (result instanceof Rejected r) {
                errors.addObject().put("file_name", document.fileName()).put("code", r.code());
            } else if (result instanceof Readable r) {
                pages.put(document.id(), r.pages());
                repository.setPageCount(document.id(), r.pages().size());
            }
        }
        Map<UUID, String> names = new HashMap<>();
        documents.forEach(d -> names.put(d.id(), d.fileName()));
        for (Tag tag : repository.tags(envelopeId)) {
            List<PageSize> sizes = pages.get(tag.documentId());
            if (sizes == null) {
                continue;
            }
            String code = tagProblem(tag, sizes);
            if (code != null) {
                errors.addObject().put("file_name", names.get(tag.documentId())).put("code", code)
                        .put("tag_name", tag.name());
            }
        }
        if (!errors.isEmpty()) {
            repository.markErrored(envelopeId, errors.toString());
            return false;
        }
        return true;
    }

    private static String tagProblem(Tag tag, List<PageSize> sizes) {
        if (tag.pageNumber() > sizes.size()) {
            return "NO_PAGE_FOR_TAG_ERROR";
        }
        boolean fits = TagGeometry.fits(tag.type(), tag.x(), tag.y(), tag.width(), sizes.get(tag.pageNumber() - 1));
        return fits ? null : "TAG_OFF_PAGE_ERROR";
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
        if (recipient.type() != RecipientType.SIGNER || !"UNSIGNED".equals(recipient.signStatus())
                || recipient.invitationEmailQueuedAt() == null) {
            throw ApiException.conflict("DECLINE_NOT_ALLOWED", "Only a signer whose turn it is can decline");
        }
        if (!repository.markDeclined(recipient.id(), reason)) {
            throw ApiException.conflict("ALREADY_SIGNED", "You have already signed or declined this envelope");
        }
        repository.setStatus(envelope.id(), EnvelopeStatus.DECLINED, "declined_at");
        events.publishEvent(new EnvelopeEvents.DeclineRecorded(envelope.id(), recipient.id()));
    }

    /** Tells the other invited signers and the sender that a signer declined, and why. */
    @Transactional
    public void notifyDeclined(UUID envelopeId) {
        Envelope envelope = repository.find(envelopeId).orElseThrow();
        List<Recipient> recipients = repository.recipients(envelopeId);
        Recipient decliner = recipients.stream().filter(r -> "DECLINED".equals(r.signStatus())).findFirst().orElse(null);
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
