package dev.signet.evidence;

import dev.signet.evidence.CompletionPack.PackFile;
import java.util.List;
import java.util.UUID;

/**
 * Where a completion pack's files are kept: beside the envelope's documents, so the envelope
 * module implements it. {@link CompletionPack} decides what the pack holds and how its files are
 * named; the store only reads and writes them.
 */
public interface PackStore {

    /**
     * One of the envelope's files besides its documents, of a kind {@link CompletionPack} names;
     * {@code signerName} is the signer who attached it, or null.
     */
    record StoredFile(String kind, String signerName, PackFile file) {}

    /** The documents as they stand now (signed and sealed), in their order, each under its uploaded name. */
    List<PackFile> documents(UUID envelopeId);

    /** The envelope's other files, in the order they were stored. */
    List<StoredFile> files(UUID envelopeId);

    /** Bytes of everything the pack holds, counted where they are stored, without reading them. */
    long bytes(UUID envelopeId);

    /** Keeps {@code file} as the envelope's only file of {@code kind}; runs in the caller's transaction. */
    void replace(UUID envelopeId, String kind, PackFile file);
}
