package dev.signet.envelope;

import java.util.UUID;

/** A document's description; its bytes are read through {@link Envelopes#currentContent}. */
public record Document(UUID id, UUID envelopeId, int position, String fileName, String contentType, long sizeBytes,
        String sha256, Integer pageCount) {}
