package dev.signet.envelope;

import dev.signet.evidence.CompletionPack;
import dev.signet.evidence.AuditTrail;
import dev.signet.web.ApiException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Records what a signer submitted: their tag values and the fact that they signed. */
@Service
class RecipientSubmissions {

    private final EnvelopeRepository repository;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;

    RecipientSubmissions(EnvelopeRepository repository, AuditTrail audit, ApplicationEventPublisher events) {
        this.repository = repository;
        this.audit = audit;
        this.events = events;
    }

    /**
     * Locks the envelope, so that submissions to one envelope are applied one after the other,
     * and returns it as it stands.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Envelope lockEnvelope(UUID envelopeId) {
        return repository.lock(envelopeId).orElseThrow(() -> ApiException.notFound("Envelope"));
    }

    /**
     * The signer's submission as one step of the aggregate: attachments kept, values and signature
     * recorded, and the audit event written beside them, so the trail says who signed from where;
     * then the aggregate announces it, as it does a decline.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void submit(UUID envelopeId, UUID recipientId, Map<UUID, String> values, List<Envelopes.Attachment> attachments,
            String ipAddress, String userAgent) {
        for (Envelopes.Attachment file : attachments) {
            attach(envelopeId, recipientId, file.tagId(), file.fileName(), file.content());
        }
        record(recipientId, values, ipAddress, userAgent);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("ip_address", ipAddress == null ? "" : ipAddress);
        facts.put("user_agent", userAgent == null ? "" : userAgent);
        facts.put("values", values.size());
        audit.record(envelopeId, "recipient_signed", "recipient:" + recipientId, facts);
        events.publishEvent(new EnvelopeEvents.RecipientSubmitted(envelopeId, recipientId));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(UUID recipientId, Map<UUID, String> values, String ipAddress, String userAgent) {
        if (!repository.markSigned(recipientId, ipAddress, truncate(userAgent, 500))) {
            throw ApiException.conflict("ALREADY_SIGNED", "This recipient has already signed");
        }
        values.forEach(repository::setTagValue);
    }

    /** Keeps a file the signer attached; it goes into the completion pack. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void attach(UUID envelopeId, UUID recipientId, UUID tagId, String fileName, byte[] content) {
        repository.insertFile(envelopeId, CompletionPack.ATTACHMENT, recipientId, tagId, fileName, "application/pdf",
                content);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
