package dev.signet.envelope;

import dev.signet.document.Document;
import dev.signet.document.DocumentStore;
import dev.signet.tagging.Tag;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Read access to envelopes for the other packages (signing, workflow). */
@Service
@Transactional(readOnly = true)
class EnvelopeQueries {

    private final EnvelopeRepository repository;
    private final DocumentStore documents;

    EnvelopeQueries(EnvelopeRepository repository, DocumentStore documents) {
        this.repository = repository;
        this.documents = documents;
    }

    public Optional<Envelope> envelope(UUID id) {
        return repository.find(id);
    }

    public Optional<Recipient> recipient(UUID id) {
        return repository.recipient(id);
    }

    /** The recipient's conditional rules ({@code recipients[].rules} at create), a JSON array. */
    public boolean hasEnvelopeOtps(UUID envelopeId) {
        return repository.hasEnvelopeOtps(envelopeId);
    }

    List<String> recipientYotiAttributes(UUID recipientId) {
        return repository.recipientYotiAttributes(recipientId);
    }

    List<Recipient.Check> checksOwed(UUID recipientId) {
        return repository.checksOwedWhileActive(recipientId);
    }

    Optional<com.fasterxml.jackson.databind.JsonNode> recipientIdv(UUID recipientId) {
        return repository.recipientIdv(recipientId);
    }

    public String recipientRules(UUID recipientId) {
        return repository.recipientRules(recipientId);
    }

    public List<Recipient> recipients(UUID envelopeId) {
        return repository.recipients(envelopeId);
    }

    public List<Document> documents(UUID envelopeId) {
        return documents.documents(envelopeId);
    }

    public List<Tag> tags(UUID envelopeId) {
        return repository.tags(envelopeId);
    }

    /** The document as it stands: prepared and signed so far once preparation ran, else the upload. */
    public Optional<byte[]> currentContent(UUID documentId) {
        return documents.latest(documentId);
    }

    /** The sign groups that have signers, in the order they sign. */
    public List<Integer> signGroups(UUID envelopeId) {
        return repository.signGroups(envelopeId);
    }

    /** The ids of the signers of one group, who sign in parallel. */
    public List<UUID> signersOfGroup(UUID envelopeId, int signGroup) {
        return repository.signersOfGroup(envelopeId, signGroup);
    }

    /** The create request's options as stored (an empty object once a deleted envelope was purged). */
    public com.fasterxml.jackson.databind.JsonNode options(UUID envelopeId) {
        return repository.options(envelopeId);
    }
}
