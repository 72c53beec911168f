package dev.signet.document;

import java.util.UUID;

/** A document's description; its bytes are read through {@link DocumentStore}. */
public record Document(
        UUID id,
        UUID envelopeId,
        int position,
        String fileName,
        String contentType,
        long sizeBytes,
        String sha256,
        Integer pageCount) {}
