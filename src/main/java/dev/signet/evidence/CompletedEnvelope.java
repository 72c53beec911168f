package dev.signet.evidence;

import dev.signet.account.Mode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * An envelope as it completed, in the terms its coversheet and evidence XML record it. The envelope
 * module builds it from its aggregate and its audit trail, so evidence never reads envelope's tables.
 * Text that may be absent (a role, an address, a hash not yet taken) is null.
 *
 * @param events the whole audit trail, in order
 * @param trailHead the hash of the trail's last event, as recomputed from the events
 */
public record CompletedEnvelope(
        UUID id,
        String name,
        Mode mode,
        String senderName,
        OffsetDateTime createdAt,
        OffsetDateTime completedAt,
        List<Document> documents,
        List<Recipient> recipients,
        List<Event> events,
        String trailHead) {

    /** A document, with its hash as uploaded and as it stands now (signed and sealed). */
    public record Document(UUID id, String fileName, int pages, String sha256Uploaded, String sha256Signed) {}

    /**
     * A recipient and what they did. {@code type} is SIGNER or CC; {@code checks} names how a signer
     * was identified before signing, and is empty for a recipient who does not sign.
     */
    public record Recipient(
            UUID id,
            String name,
            String email,
            String role,
            String type,
            Integer signGroup,
            String checks,
            String ipAddress,
            String userAgent,
            OffsetDateTime signedAt) {}

    /** One event of the envelope's hash-chained audit trail, as stored. */
    public record Event(
            int seq,
            OffsetDateTime occurredAt,
            String type,
            String actor,
            String detailsJson,
            String prevHash,
            String hash) {}
}
