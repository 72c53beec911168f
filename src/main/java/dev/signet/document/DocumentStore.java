package dev.signet.document;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The documents of envelopes and their bytes: the upload as received, and the working copy that
 * preparation, each signature and the seal replace in turn, each with its SHA-256. The only code
 * that reads or writes the {@code document} table.
 *
 * <p>Revisions of one document must be appended one after the other: each signature covers the
 * revision before it. The store takes no lock of its own for that: every step that saves a revision
 * (preparation, each signature, the seal) is a step of the document's envelope and holds the
 * envelope's row lock from before it reads {@link #latest} until it has saved with
 * {@link #saveRevision}, so revisions of one envelope's documents are built one on another.
 */
@Repository
public class DocumentStore {

    private static final String COLUMNS =
            "id, envelope_id, position, file_name, content_type, size_bytes, sha256, page_count";

    private final JdbcClient jdbc;

    DocumentStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores an upload as received, under the type its content was judged to be. */
    public void storeUpload(UUID id, UUID envelopeId, int position, String fileName, FileType type, byte[] content) {
        jdbc.sql("""
                insert into document (id, envelope_id, position, file_name, content_type, size_bytes, sha256, content)
                values (?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        id,
                        envelopeId,
                        position,
                        fileName,
                        type.mediaType(),
                        (long) content.length,
                        sha256(content),
                        content)
                .update();
    }

    /** The envelope's documents, in the order they were uploaded. */
    public List<Document> documents(UUID envelopeId) {
        return jdbc.sql("select " + COLUMNS + " from document where envelope_id = ? order by position")
                .param(envelopeId)
                .query((rs, n) -> new Document(
                        rs.getObject("id", UUID.class),
                        rs.getObject("envelope_id", UUID.class),
                        rs.getInt("position"),
                        rs.getString("file_name"),
                        rs.getString("content_type"),
                        rs.getLong("size_bytes"),
                        rs.getString("sha256"),
                        (Integer) rs.getObject("page_count")))
                .list();
    }

    /** The upload as received. */
    public Optional<byte[]> original(UUID documentId) {
        return jdbc.sql("select content from document where id = ?")
                .param(documentId)
                .query((rs, n) -> rs.getBytes(1))
                .optional();
    }

    /** The document as it stands: the latest revision once prepared (then signed, then sealed), else the upload. */
    public Optional<byte[]> latest(UUID documentId) {
        return jdbc.sql("select coalesce(signed_content, content) from document where id = ?")
                .param(documentId)
                .query((rs, n) -> rs.getBytes(1))
                .optional();
    }

    /** The SHA-256 of the latest revision, hex; empty before preparation. */
    public Optional<String> latestSha256(UUID documentId) {
        return jdbc.sql("select signed_sha256 from document where id = ?")
                .param(documentId)
                .query(String.class)
                .optional();
    }

    /** The SHA-256 of the document as it stands (the latest revision, else the upload), hex; what a page image is cached by. */
    public Optional<String> currentSha256(UUID documentId) {
        return jdbc.sql("select coalesce(signed_sha256, sha256) from document where id = ?"
                        + " and coalesce(signed_content, content) is not null")
                .param(documentId)
                .query(String.class)
                .optional();
    }

    /** The first revision, fields placed and certified, and the page count intake found; one write. */
    public void savePrepared(UUID documentId, byte[] pdf, int pages) {
        jdbc.sql("update document set signed_content = ?, signed_sha256 = ?, page_count = ? where id = ?")
                .params(pdf, sha256(pdf), pages, documentId)
                .update();
    }

    /** A new latest revision (a signature, the seal) and its hash. */
    public void saveRevision(UUID documentId, byte[] pdf) {
        jdbc.sql("update document set signed_content = ?, signed_sha256 = ? where id = ?")
                .params(pdf, sha256(pdf), documentId)
                .update();
    }

    /** The page count, kept for a document whose envelope errored before a revision was saved. */
    public void setPageCount(UUID documentId, int pages) {
        jdbc.sql("update document set page_count = ? where id = ?")
                .params(pages, documentId)
                .update();
    }

    public boolean sealed(UUID documentId) {
        return jdbc.sql("select sealed_at is not null from document where id = ?")
                .param(documentId)
                .query(Boolean.class)
                .single();
    }

    public void markSealed(UUID documentId) {
        jdbc.sql("update document set sealed_at = ? where id = ?")
                .params(OffsetDateTime.now(ZoneOffset.UTC), documentId)
                .update();
    }

    /** Bytes of the envelope's documents as they stand. */
    public long latestBytes(UUID envelopeId) {
        return jdbc.sql("select coalesce(sum(octet_length(coalesce(signed_content, content))), 0) from document"
                        + " where envelope_id = ?")
                .param(envelopeId)
                .query(Long.class)
                .single();
    }

    /** A deleted envelope's documents become unreadable at once; their rows stay until the purge. */
    public void eraseContent(UUID envelopeId) {
        jdbc.sql("update document set content = null, signed_content = null where envelope_id = ?")
                .param(envelopeId)
                .update();
    }

    /** Removes the envelope's documents for good; their tags must be gone first. */
    public void deleteAll(UUID envelopeId) {
        jdbc.sql("delete from document where envelope_id = ?").param(envelopeId).update();
    }

    /** The content digest a document and each revision are known by; a digest of content, not a secret. */
    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
