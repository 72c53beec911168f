package dev.signet.envelope;

import dev.signet.document.DocumentStore;
import dev.signet.evidence.CompletedEnvelope;
import dev.signet.evidence.CompletionPack.PackFile;
import dev.signet.evidence.PackStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * The envelope's side of its completion pack (evidence's {@code CompletionPack}): the completed
 * envelope described in evidence's terms, and the storage of the pack's files beside the documents.
 */
@Component
class PackSource implements PackStore {

    private final EnvelopeRepository repository;
    private final DocumentStore store;
    private final AuditTrail audit;

    PackSource(EnvelopeRepository repository, DocumentStore store, AuditTrail audit) {
        this.repository = repository;
        this.store = store;
        this.audit = audit;
    }

    /**
     * The envelope as it completed, with what each recipient did, each document's hashes, and its
     * audit trail up to now (its head recomputed from the events, as the evidence records it).
     */
    CompletedEnvelope completed(Envelope envelope, String senderName) {
        List<CompletedEnvelope.Document> documents = store.documents(envelope.id()).stream()
                .map(d -> new CompletedEnvelope.Document(
                        d.id(),
                        d.fileName(),
                        d.pageCount() == null ? 0 : d.pageCount(),
                        d.sha256(),
                        store.latestSha256(d.id()).orElse(null)))
                .toList();
        List<CompletedEnvelope.Recipient> recipients = repository.recipients(envelope.id()).stream()
                .map(r -> new CompletedEnvelope.Recipient(
                        r.id(),
                        r.name(),
                        r.email(),
                        r.role(),
                        r.type().name(),
                        r.signGroup(),
                        r.type() == RecipientType.CC ? "" : checksOf(r),
                        r.ipAddress(),
                        repository.userAgent(r.id()).orElse(null),
                        r.signedAt()))
                .toList();
        List<AuditEvent> trail = audit.events(envelope.id());
        List<CompletedEnvelope.Event> events = trail.stream()
                .map(e -> new CompletedEnvelope.Event(
                        e.seq(), e.occurredAt(), e.type(), e.actor(), e.detailsJson(), e.prevHash(), e.hash()))
                .toList();
        return new CompletedEnvelope(
                envelope.id(),
                envelope.name(),
                envelope.mode(),
                senderName,
                envelope.createdAt(),
                envelope.completedAt() == null ? EnvelopeRepository.now() : envelope.completedAt(),
                documents,
                recipients,
                events,
                audit.verify(trail).headHash());
    }

    @Override
    public List<PackFile> documents(UUID envelopeId) {
        return store.documents(envelopeId).stream()
                .map(d -> new PackFile(
                        d.fileName(), "application/pdf", store.latest(d.id()).orElseThrow()))
                .toList();
    }

    @Override
    public List<StoredFile> files(UUID envelopeId) {
        Map<UUID, String> signerNames = new HashMap<>();
        repository.recipients(envelopeId).forEach(r -> signerNames.put(r.id(), r.name()));
        return repository.files(envelopeId).stream()
                .map(f -> new StoredFile(
                        f.kind(),
                        f.recipientId() == null ? null : signerNames.get(f.recipientId()),
                        new PackFile(
                                f.fileName(),
                                f.contentType(),
                                repository.fileContent(f.id()).orElseThrow())))
                .toList();
    }

    @Override
    public long bytes(UUID envelopeId) {
        return store.latestBytes(envelopeId) + repository.fileBytes(envelopeId);
    }

    @Override
    public void replace(UUID envelopeId, String kind, PackFile file) {
        repository.deleteFiles(envelopeId, kind);
        repository.insertFile(envelopeId, kind, null, null, file.name(), file.contentType(), file.content());
    }

    /**
     * The checks as the coversheet and evidence XML list them: those of the signer's certificate
     * (an approved identity check as {@code idv (Real Estate: APPROVED)}; a failure that did not block
     * signing is in the audit trail, not among the checks passed) and a witnessed signer's witness.
     */
    private String checksOf(Recipient r) {
        java.util.List<String> checks = new java.util.ArrayList<>(SignatureSteps.checks(repository, r));
        if (r.type() == RecipientType.SIGNER) {
            repository
                    .witnessOf(r.id())
                    .flatMap(repository::recipient)
                    .filter(Recipient::signed)
                    .ifPresent(w -> checks.add("witnessed by " + w.name()));
        }
        return String.join(", ", checks);
    }
}
