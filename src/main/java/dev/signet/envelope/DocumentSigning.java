package dev.signet.envelope;

import com.itextpdf.io.font.constants.StandardFonts;
import com.itextpdf.kernel.colors.DeviceRgb;
import com.itextpdf.kernel.font.PdfFont;
import com.itextpdf.kernel.font.PdfFontFactory;
import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfPage;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;
import dev.signet.account.Mode;
import dev.signet.account.Secrets;
import dev.signet.document.SafePdf;
import dev.signet.signature.FieldLocks;
import dev.signet.signature.PadesSigning;
import dev.signet.signature.Scratch;
import dev.signet.signature.SealRequest;
import dev.signet.signature.SignerIdentity;
import dev.signet.signature.SignerRequest;
import dev.signet.tagging.AnchorFinder;
import dev.signet.tagging.AnchorScan;
import dev.signet.tagging.FieldFiller;
import dev.signet.tagging.FieldNames;
import dev.signet.tagging.FieldPlacement;
import dev.signet.tagging.FieldPlacementException;
import dev.signet.tagging.FieldSpec;
import dev.signet.tagging.Industry;
import dev.signet.tagging.RoleKey;
import dev.signet.tagging.SignatureAppearances;
import dev.signet.tagging.Tag;
import dev.signet.tagging.TagAttributes;
import dev.signet.tagging.TagType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.stereotype.Component;

/**
 * What happens to the documents of an envelope, on files: fields placed and the document
 * certified (preparation), one signer's fields filled and signed, and the final seal. The callers
 * ({@link EnvelopeLifecycle}) hold the envelope row locked, so the revisions of one document are
 * appended one after the other.
 */
@Component
class DocumentSigning {

    /** The name of the signature field of a signer who has fields, or sees the document, but no signature tag on it. */
    static final String INVISIBLE_SIGNATURE_TAG = "signet:signature";

    static final String SANDBOX_MARK = "SANDBOX - test envelope, not a legal signature";
    private static final DateTimeFormatter CAPTION_DATE = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    private final EnvelopeRepository repository;
    private final PadesSigning pades;
    private final FieldPlacement placement = new FieldPlacement();
    private final FieldFiller filler = new FieldFiller();
    private final AnchorFinder anchors = new AnchorFinder();

    DocumentSigning(EnvelopeRepository repository, PadesSigning pades) {
        this.repository = repository;
        this.pades = pades;
    }

    /** One anchor as a tag ready to be stored, and the signer it belongs to. */
    record OwnedTag(UUID recipientId, EnvelopeDraft.TagDraft tag) {}

    /** The anchors found in one document, as tags ready to be stored, or the reason they cannot be. */
    record AutoTags(byte[] pdf, List<OwnedTag> tags, String problem) {}

    /**
     * Finds the {@code |AT|} header and the anchors of one document, hides them, and turns each
     * into a tag of the signer whose role it names.
     */
    AutoTags autoTag(byte[] pdf, String fileName, Industry industry, List<Recipient> recipients) {
        Map<RoleKey, UUID> roles = new HashMap<>();
        for (Recipient r : recipients) {
            if (r.type() == RecipientType.SIGNER) {
                RoleKey.parse(r.role()).ifPresent(key -> roles.putIfAbsent(key, r.id()));
            }
        }
        try (Scratch scratch = new Scratch()) {
            // The rewritten document goes where the original came from: the heap when small, a file when large.
            boolean small = pdf.length <= PadesSigning.IN_MEMORY_LIMIT;
            ByteArrayOutputStream memory = small ? new ByteArrayOutputStream(pdf.length) : null;
            AnchorScan scan;
            try (PdfDocument doc = new PdfDocument(
                    reader(scratch, pdf),
                    small
                            ? new PdfWriter(memory)
                            : new PdfWriter(scratch.path("out.pdf").toFile()))) {
                scan = anchors.removeAnchors(doc, industry);
            }
            if (!scan.autoTagged()) {
                return new AutoTags(pdf, List.of(), null);
            }
            if (!scan.problems().isEmpty()) {
                return new AutoTags(pdf, List.of(), scan.problems().get(0).toString());
            }
            List<FieldSpec> specs;
            try {
                specs = scan.fieldSpecs(roles);
            } catch (FieldPlacementException e) {
                return new AutoTags(pdf, List.of(), e.getMessage());
            }
            List<OwnedTag> tags = new ArrayList<>();
            for (FieldSpec spec : specs) {
                TagAttributes attributes = TagAttributes.text(
                        spec.text().prefilledValue(), spec.text().helpText());
                tags.add(new OwnedTag(
                        spec.recipientId(),
                        new EnvelopeDraft.TagDraft(
                                fileName,
                                spec.pageNumber(),
                                spec.x(),
                                spec.y(),
                                spec.width(),
                                spec.type(),
                                spec.optional(),
                                spec.tagName(),
                                spec.groupName(),
                                attributes)));
            }
            return new AutoTags(small ? memory.toByteArray() : Files.readAllBytes(scratch.path("out.pdf")), tags, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Flattens the fields the sender's PDF came with ({@link FieldPlacement#flattenSenderFields}),
     * adds every tag's form field, a signature field for each signer who sees the document (the
     * first signature tag, or an invisible one), defines each signature field's lock over that
     * signer's other fields, and certifies the result with Signet's seal.
     *
     * @param signers the signers who see this document (it is not excluded for them)
     * @throws FieldPlacementException when a tag cannot be placed
     */
    byte[] prepare(Envelope envelope, byte[] pdf, List<Tag> tags, List<Recipient> signers) {
        List<FieldSpec> specs = new ArrayList<>();
        tags.stream().sorted(Comparator.comparingInt(Tag::position)).forEach(t -> specs.add(FieldSpec.of(t)));
        // The fields and the certification are one revision on top of the clean one intake wrote:
        // one read and one write of the document instead of two of each.
        Consumer<PdfDocument> fields = doc -> {
            if (envelope.mode() == Mode.SANDBOX) {
                markSandbox(doc);
            }
            placement.place(doc, specs);
            for (Recipient signer : signers) {
                String field = signatureField(tags, signer.id());
                if (field == null) {
                    field = FieldNames.tag(signer.id(), INVISIBLE_SIGNATURE_TAG);
                    placement.addInvisibleSignature(doc, signer.id(), INVISIBLE_SIGNATURE_TAG);
                }
                String own = field;
                List<String> others = FieldNames.ofRecipient(doc, signer.id()).stream()
                        .filter(name -> !name.equals(own))
                        .toList();
                if (!others.isEmpty()) {
                    // An Include lock naming no field locks nothing, and validators disagree on it.
                    FieldLocks.define(doc, field, others);
                }
            }
        };
        return pades.certify(placement.flattenSenderFields(pdf), SealRequest.invisible(envelope.mode()), fields);
    }

    /**
     * Fills one signer's fields into a prepared document and signs their signature field with a
     * one-time certificate issued to them.
     */
    byte[] sign(Envelope envelope, byte[] pdf, Recipient signer, List<Tag> tagsOnDocument, List<String> checks) {
        List<Tag> own = tagsOnDocument.stream()
                .filter(t -> t.recipientId().equals(signer.id()))
                .sorted(Comparator.comparingInt(Tag::position))
                .toList();
        String field = signatureField(own, signer.id());
        String signatureValue = null;
        if (field == null) {
            field = FieldNames.tag(signer.id(), INVISIBLE_SIGNATURE_TAG);
        } else {
            signatureValue = own.stream()
                    .filter(t -> t.type() == TagType.SIGNATURE)
                    .findFirst()
                    .map(Tag::value)
                    .orElse(null);
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (Tag tag : own) {
            if (tag.value() != null && !tag.value().isEmpty()) {
                values.put(tag.name(), tag.value());
            }
        }
        FieldFiller.Caption caption = new FieldFiller.Caption(signer.name(), captionDate(signer));
        String signatureField = field;
        String drawn = signatureValue;
        SignerRequest request = new SignerRequest(
                envelope.mode(),
                field,
                new SignerIdentity(signer.name(), signer.email(), checks),
                List.of(),
                null,
                doc -> filler.fill(doc, signer.id(), values, caption),
                "Signed by " + signer.name()
                        + (signer.type() == RecipientType.WITNESS ? " as a witness" : "")
                        + " with Signet");
        return pades.sign(
                pdf,
                request,
                drawn == null ? null : doc -> SignatureAppearances.of(doc, signatureField, drawn, caption));
    }

    /** Validation data for every signature and a document timestamp: PAdES-BASELINE-LTA. */
    byte[] seal(Envelope envelope, byte[] pdf) {
        return pades.seal(pdf, envelope.mode());
    }

    /**
     * Every page of a sandbox document says so, in the page content before Signet certifies it, so
     * that no printout or screenshot of a test envelope passes for a signed original.
     */
    private static void markSandbox(PdfDocument doc) {
        PdfFont font;
        try {
            font = PdfFontFactory.createFont(StandardFonts.HELVETICA_BOLD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int n = 1; n <= doc.getNumberOfPages(); n++) {
            PdfPage page = doc.getPage(n);
            Rectangle box = page.getCropBox();
            new PdfCanvas(page.newContentStreamAfter(), page.getResources(), doc)
                    .saveState()
                    .setFillColor(new DeviceRgb(0.75f, 0.1f, 0.1f))
                    .beginText()
                    .setFontAndSize(font, 9)
                    .moveText(box.getLeft() + 12, box.getTop() - 14)
                    .showText(SANDBOX_MARK)
                    .endText()
                    .restoreState()
                    .release();
        }
    }

    /**
     * A reader over {@code pdf}: from the byte array when it is small, from a scratch file when it
     * is large (see {@link PadesSigning#IN_MEMORY_LIMIT}), so a large document is never parsed
     * from a second copy in the heap.
     */
    private static PdfReader reader(Scratch scratch, byte[] pdf) throws IOException {
        if (pdf.length <= PadesSigning.IN_MEMORY_LIMIT) {
            return SafePdf.reader(pdf);
        }
        return SafePdf.reader(scratch.write("in.pdf", pdf));
    }

    static String sha256(byte[] content) {
        return HexFormat.of().formatHex(Secrets.sha256(content));
    }

    /** The signer's first signature tag on the document is their signature field. */
    private static String signatureField(List<Tag> tags, UUID signerId) {
        return tags.stream()
                .filter(t -> t.recipientId().equals(signerId) && t.type() == TagType.SIGNATURE)
                .min(Comparator.comparingInt(Tag::position))
                .map(t -> FieldNames.tag(signerId, t.name()))
                .orElse(null);
    }

    private static String captionDate(Recipient signer) {
        ZoneId zone = signer.timeZone() == null ? ZoneOffset.UTC : ZoneId.of(signer.timeZone());
        return Optional.ofNullable(signer.signedAt())
                .map(at -> at.atZoneSameInstant(zone).format(CAPTION_DATE))
                .orElse("");
    }
}
