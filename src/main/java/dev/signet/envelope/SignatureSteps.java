package dev.signet.envelope;

import dev.signet.document.Document;
import dev.signet.document.DocumentStore;
import dev.signet.tagging.Tag;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The cryptographic steps of an envelope the processes drive: a signer's signature on every
 * document they see, and the final seal. Both hold the envelope row locked for their whole run,
 * so the revisions of one document are appended strictly one after the other even when a group's
 * signers submit at the same moment; both are safe to run again after they succeeded.
 */
@Service
class SignatureSteps {

    /** A witness's certificate and the coversheet say whose signature they saw applied (reference 4.3). */
    static final String WITNESS_OF = "witness of ";

    private final EnvelopeRepository repository;
    private final DocumentStore documents;
    private final DocumentSigning signing;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;

    SignatureSteps(
            EnvelopeRepository repository,
            DocumentStore documents,
            DocumentSigning signing,
            AuditTrail audit,
            ApplicationEventPublisher events) {
        this.events = events;
        this.repository = repository;
        this.documents = documents;
        this.signing = signing;
        this.audit = audit;
    }

    /**
     * What the signer's certificate states was checked: the link, and every check they passed
     * before signing (their row is read after the submission, so {@link Recipient#signed()} holds).
     */
    static List<String> verifiedBy(Recipient signer) {
        List<String> checks = signer.verifiedBy();
        return checks.isEmpty() ? List.of(Recipient.EMAIL_LINK) : checks;
    }

    /** Fills the signer's values into each document they see and signs it as them (PAdES B-T). */
    @Transactional
    public void applySignature(UUID recipientId) {
        UUID envelopeId = repository.recipient(recipientId).orElseThrow().envelopeId();
        Envelope envelope = repository.lock(envelopeId).orElseThrow();
        if (envelope.status() != EnvelopeStatus.ACTIVE || repository.signatureApplied(recipientId)) {
            return;
        }
        Recipient signer = repository.recipient(recipientId).orElseThrow();
        if (signedOffline(envelopeId, recipientId)) {
            // Signed on paper: their copy is in the pack; no electronic signature is made in their name.
            repository.markSignatureApplied(recipientId);
            audit.record(
                    envelopeId,
                    "signature_applied",
                    "recipient:" + recipientId,
                    Map.of("documents", 0, "level", "offline"));
            events.publishEvent(new EnvelopeWebhooks.SignerCompleted(envelope, recipientId));
            return;
        }
        List<Tag> tags = repository.tags(envelopeId);
        List<String> checks = checks(repository, signer);
        int signed = 0;
        for (Document document : documents.documents(envelopeId)) {
            if (signer.excludedFiles().contains(document.fileName())) {
                continue;
            }
            byte[] current = documents.latest(document.id()).orElseThrow();
            List<Tag> onDocument = tags.stream()
                    .filter(t -> t.documentId().equals(document.id()))
                    .toList();
            byte[] result = signing.sign(envelope, current, signer, onDocument, checks);
            documents.saveRevision(document.id(), result);
            signed++;
        }
        repository.markSignatureApplied(recipientId);
        audit.record(
                envelopeId,
                "signature_applied",
                "recipient:" + recipientId,
                Map.of("documents", signed, "level", "PAdES-BASELINE-T"));
        events.publishEvent(new EnvelopeWebhooks.SignerCompleted(envelope, recipientId));
    }

    /**
     * How Signet knew it was this recipient, in the order they passed the checks: the link in their
     * email and every check recorded for them ({@link Recipient#verifiedBy()}); for a witness also
     * the signer they witnessed, so that their one-time certificate says "witness of" whom.
     */
    static List<String> checks(EnvelopeRepository repository, Recipient recipient) {
        List<String> checks = new java.util.ArrayList<>(verifiedBy(recipient));
        if (recipient.type() == RecipientType.WITNESS && recipient.signerId() != null) {
            repository.recipient(recipient.signerId()).ifPresent(s -> checks.add(WITNESS_OF + s.name()));
        }
        return checks;
    }

    private boolean signedOffline(UUID envelopeId, UUID recipientId) {
        return repository.files(envelopeId).stream()
                .anyMatch(f -> f.kind().equals(OfflineSigning.SIGNED_OFFLINE) && recipientId.equals(f.recipientId()));
    }

    /** Every signature becomes PAdES-BASELINE-LTA: validation data and a document timestamp. */
    @Transactional
    public void seal(UUID envelopeId) {
        Envelope envelope = repository.lock(envelopeId).orElseThrow();
        if (envelope.status() != EnvelopeStatus.ACTIVE) {
            return;
        }
        int sealed = 0;
        for (Document document : documents.documents(envelopeId)) {
            if (documents.sealed(document.id())) {
                continue;
            }
            byte[] result =
                    signing.seal(envelope, documents.latest(document.id()).orElseThrow());
            documents.saveRevision(document.id(), result);
            documents.markSealed(document.id());
            sealed++;
        }
        if (sealed > 0) {
            audit.record(
                    envelopeId,
                    "documents_sealed",
                    "system",
                    Map.of("documents", sealed, "level", "PAdES-BASELINE-LTA"));
        }
    }
}
