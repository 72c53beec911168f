package dev.signet.envelope;

import dev.signet.evidence.CompletionPack;
import dev.signet.web.ApiException;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Records what a signer submitted: their tag values and the fact that they signed. */
@Service
public class RecipientSubmissions {

    private final EnvelopeRepository repository;

    RecipientSubmissions(EnvelopeRepository repository) {
        this.repository = repository;
    }

    /**
     * Locks the envelope, so that submissions to one envelope are applied one after the other,
     * and returns it as it stands.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Envelope lockEnvelope(UUID envelopeId) {
        return repository.lock(envelopeId).orElseThrow(() -> ApiException.notFound("Envelope"));
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
