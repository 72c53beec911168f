package dev.signet.evidence;

import dev.signet.account.Mode;
import dev.signet.notification.MessageAttachments;
import dev.signet.signature.PadesSigning;
import dev.signet.signature.Pki;
import dev.signet.signature.SealRequest;
import dev.signet.signature.SigningKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What a completed envelope hands out: the sealed PDFs, a coversheet, the evidence XML (every
 * audit event, signed with Signet's seal key) and the signers' attachments. Built once, when the
 * envelope completes, and kept in the envelope's {@link PackStore}; the ZIP and the completion
 * emails read the stored files.
 */
@Service
public class CompletionPack implements MessageAttachments {

    /** Kinds of the envelope's stored files that the pack holds. */
    public static final String COVERSHEET = "COVERSHEET";

    public static final String EVIDENCE = "EVIDENCE";
    public static final String ATTACHMENT = "ATTACHMENT";
    /** Above this the completion email says where the documents are rather than carrying them. */
    static final long MAX_EMAIL_BYTES = 15L * 1024 * 1024;

    /** The coversheet's certification reason, as viewers show it. */
    static final String COVERSHEET_REASON = "Signing summary issued by Signet";

    private final PackStore store;
    private final Pki pki;
    private final PadesSigning pades;

    CompletionPack(PackStore store, Pki pki, PadesSigning pades) {
        this.store = store;
        this.pki = pki;
        this.pades = pades;
    }

    /** One file of the pack, named as it appears in the ZIP. */
    public record PackFile(String name, String contentType, byte[] content) {}

    /** Writes the coversheet and the evidence of an envelope that has just completed. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void build(CompletedEnvelope envelope) {
        List<CompletedEnvelope.Event> events = envelope.events();
        List<Coversheet.DocumentRow> documentRows = new ArrayList<>();
        List<Map<String, String>> documentEvidence = new ArrayList<>();
        for (CompletedEnvelope.Document d : envelope.documents()) {
            String signedHash = nullToEmpty(d.sha256Signed());
            documentRows.add(
                    new Coversheet.DocumentRow(pdfName(d.fileName()), d.pages(), d.sha256Uploaded(), signedHash));
            documentEvidence.add(ordered(
                    "id",
                    d.id().toString(),
                    "name",
                    pdfName(d.fileName()),
                    "pages",
                    Integer.toString(d.pages()),
                    "sha256Uploaded",
                    d.sha256Uploaded(),
                    "sha256Signed",
                    signedHash));
        }
        List<Coversheet.RecipientRow> recipientRows = new ArrayList<>();
        List<Map<String, String>> recipientEvidence = new ArrayList<>();
        for (CompletedEnvelope.Recipient r : envelope.recipients()) {
            String role = nullToEmpty(r.role());
            String checks = nullToEmpty(r.checks());
            String userAgent = nullToEmpty(r.userAgent());
            String signedAt = iso(r.signedAt());
            recipientRows.add(new Coversheet.RecipientRow(
                    r.name(),
                    r.email(),
                    role,
                    r.type(),
                    Coversheet.readableChecks(checks),
                    nullToEmpty(r.ipAddress()),
                    userAgent,
                    signedAt));
            recipientEvidence.add(ordered(
                    "id",
                    r.id().toString(),
                    "name",
                    r.name(),
                    "email",
                    r.email(),
                    "role",
                    role,
                    "type",
                    r.type(),
                    "signGroup",
                    r.signGroup() == null ? "" : r.signGroup().toString(),
                    "checks",
                    checks,
                    "ipAddress",
                    nullToEmpty(r.ipAddress()),
                    "userAgent",
                    userAgent,
                    "signedAt",
                    signedAt));
        }
        boolean sandbox = envelope.mode() == Mode.SANDBOX;
        byte[] coversheet = sealed(
                Coversheet.render(new Coversheet.Content(
                        envelope.name(),
                        envelope.id().toString(),
                        "COMPLETE",
                        envelope.senderName(),
                        iso(envelope.createdAt()),
                        iso(envelope.completedAt()),
                        documentRows,
                        recipientRows,
                        events.size(),
                        envelope.trailHead(),
                        sandbox)),
                envelope.mode());
        Map<String, String> envelopeEvidence = ordered(
                "id",
                envelope.id().toString(),
                "name",
                envelope.name(),
                "mode",
                envelope.mode().name(),
                "sender",
                envelope.senderName(),
                "createdAt",
                iso(envelope.createdAt()),
                "completedAt",
                iso(envelope.completedAt()));
        SigningKey seal = pki.sealKey(envelope.mode());
        byte[] evidence = EvidenceXml.signed(
                new EvidenceXml.Content(
                        envelopeEvidence, documentEvidence, recipientEvidence, events, envelope.trailHead()),
                seal.jcaPrivateKey()
                        .orElseThrow(
                                () -> new IllegalStateException("The evidence XML needs a seal key held in this JVM")),
                seal.chain());
        store.replace(envelope.id(), COVERSHEET, new PackFile("coversheet.pdf", "application/pdf", coversheet));
        store.replace(envelope.id(), EVIDENCE, new PackFile("evidence.xml", "application/xml", evidence));
    }

    /**
     * The coversheet signed like the documents beside it: certified with Signet's seal key and
     * timestamped, then given its validation data and a document timestamp (PAdES-BASELINE-LTA), so
     * that every PDF of the pack is signed and a changed summary shows as changed. A TSA failure
     * fails the completion, which retries, as it does for the documents.
     */
    private byte[] sealed(byte[] coversheet, Mode mode) {
        return pades.seal(pades.certify(coversheet, new SealRequest(mode, null, COVERSHEET_REASON), null), mode);
    }

    /** Every file of the pack, in the order of the ZIP: documents, coversheet, evidence, attachments. */
    @Transactional(readOnly = true)
    public List<PackFile> files(UUID envelopeId) {
        List<PackFile> files = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (PackFile d : store.documents(envelopeId)) {
            files.add(new PackFile(unique(names, pdfName(d.name())), d.contentType(), d.content()));
        }
        for (PackStore.StoredFile f : store.files(envelopeId)) {
            String name = f.kind().equals(ATTACHMENT)
                    ? "attachments/" + safe(f.signerName() == null ? "signer" : f.signerName()) + " - "
                            + f.file().name()
                    : f.file().name();
            files.add(new PackFile(
                    unique(names, name), f.file().contentType(), f.file().content()));
        }
        return files;
    }

    /** The pack as one ZIP. */
    public byte[] zip(UUID envelopeId) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (PackFile file : files(envelopeId)) {
                zip.putNextEntry(new ZipEntry(file.name()));
                zip.write(file.content());
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** The completion emails carry the pack, unless it is too large for mail servers to accept. */
    @Override
    public List<Attachment> forMessage(UUID envelopeId, String kind) {
        if (!carriesFiles(envelopeId, kind)) {
            return List.of();
        }
        return files(envelopeId).stream()
                .map(f -> new Attachment(f.name().replace('/', '_'), f.contentType(), f.content()))
                .toList();
    }

    /**
     * Whether {@link #forMessage} will give files, decided without reading them, so that the email
     * composed now can say truthfully what it will carry when it is sent. Sized in the database: a
     * pack too large to mail is not read into memory for nothing.
     */
    public boolean carriesFiles(UUID envelopeId, String kind) {
        return (kind.equals("COMPLETION") || kind.equals("COMPLETION_SENDER"))
                && store.bytes(envelopeId) <= MAX_EMAIL_BYTES;
    }

    /** A Word upload is handed back as the PDF it became. */
    static String pdfName(String fileName) {
        String lower = fileName.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".pdf")) {
            return fileName;
        }
        int dot = fileName.lastIndexOf('.');
        return (dot > 0 ? fileName.substring(0, dot) : fileName) + ".pdf";
    }

    private static String unique(Set<String> names, String name) {
        String candidate = name;
        for (int i = 2; !names.add(candidate); i++) {
            int dot = name.lastIndexOf('.');
            candidate = dot > 0 ? name.substring(0, dot) + " (" + i + ")" + name.substring(dot) : name + " (" + i + ")";
        }
        return candidate;
    }

    private static String safe(String name) {
        return name.replaceAll("[/\\\\\\p{Cntrl}]", "_");
    }

    private static String iso(OffsetDateTime at) {
        return at == null ? "" : at.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }

    private static Map<String, String> ordered(String... keysAndValues) {
        Map<String, String> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
