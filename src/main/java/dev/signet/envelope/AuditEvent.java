package dev.signet.envelope;

import java.time.OffsetDateTime;
import java.util.UUID;

/** One entry of an envelope's audit trail, as stored. */
public record AuditEvent(
        UUID envelopeId,
        int seq,
        OffsetDateTime occurredAt,
        String type,
        String actor,
        String detailsJson,
        String prevHash,
        String hash) {}
