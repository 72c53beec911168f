package dev.signet.signature;

import com.itextpdf.kernel.pdf.DocumentRevision;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.PdfRevisionsReader;
import com.itextpdf.signatures.validation.ValidatorChainBuilder;
import com.itextpdf.signatures.validation.context.CertificateSource;
import com.itextpdf.signatures.validation.context.TimeBasedContext;
import com.itextpdf.signatures.validation.context.ValidationContext;
import com.itextpdf.signatures.validation.context.ValidatorContext;
import com.itextpdf.signatures.validation.report.ReportItem;
import com.itextpdf.signatures.validation.report.ValidationReport;
import dev.signet.document.SafePdf;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Whether the revisions after each signature make only the changes the document's DocMDP and
 * FieldMDP rules allow: after a P=2 certification, filling fields, signing, adding validation data
 * and timestamps; never touching page content or a locked field. The rules themselves are
 * iText's {@code DocumentRevisionsValidator} (ISO 32000-2 §12.8.2.2-4); this class finds which
 * revision first breaks them, so the signatures before it can be told apart from those after.
 */
final class RevisionRules {

    /**
     * Revisions compared at most. A Signet document has one per signer and witness (30 + 30 at
     * most), the certification, the validation data and the seal: under 70. iText's comparison
     * opens every revision and costs about 10 ms of CPU for each; a file with more is reported as
     * unchecked rather than keeping a request thread busy for as long as its sender likes.
     */
    static final int MAX_REVISIONS = 100;

    private RevisionRules() {}

    /**
     * Where the rules are first broken, {@link Verdict#ALLOWED}, or why they could not be checked.
     *
     * @param signatureEnds where the document's intact signatures end: only whether the first
     *     forbidden revision comes before or after each of them matters
     */
    static Verdict check(Path pdf, List<Long> signatureEnds) {
        List<DocumentRevision> revisions;
        try (PdfReader reader = SafePdf.reader(pdf)) {
            revisions = new PdfRevisionsReader(reader).getAllRevisions();
        } catch (Exception e) {
            return Verdict.unchecked("its cross-reference sections cannot be followed from one revision to the next");
        }
        if (revisions.size() > MAX_REVISIONS) {
            return Verdict.unchecked(
                    "it has " + revisions.size() + " revisions, more than the " + MAX_REVISIONS + " Signet compares");
        }
        ValidationReport whole =
                validate(pdf, revisions.get(revisions.size() - 1).getEofOffset());
        if (whole == null) {
            return Verdict.unchecked("a revision cannot be read");
        }
        if (whole.getValidationResult() == ValidationReport.ValidationResult.VALID) {
            return Verdict.ALLOWED;
        }
        // Breaking the rules is permanent: every longer prefix fails too. So bisect, over the
        // prefixes that end where a signature ends: a few validations whatever the revision count.
        long end = revisions.get(revisions.size() - 1).getEofOffset();
        List<Long> prefixes = new ArrayList<>(
                new TreeSet<>(signatureEnds.stream().filter(e -> e < end).toList()));
        prefixes.add(end);
        int good = -1;
        int bad = prefixes.size() - 1;
        while (bad - good > 1) {
            int middle = (good + bad) >>> 1;
            ValidationReport prefix = validate(pdf, prefixes.get(middle));
            if (prefix != null && prefix.getValidationResult() == ValidationReport.ValidationResult.VALID) {
                good = middle;
            } else {
                bad = middle;
            }
        }
        String why = whole.getFailures().stream()
                .map(ReportItem::getMessage)
                .distinct()
                .collect(Collectors.joining(" "));
        long start = bad == 0 ? 0 : prefixes.get(bad - 1);
        return new Verdict(start, why, true);
    }

    /** iText's verdict on the first {@code length} bytes, or null when they cannot be read as a PDF. */
    private static ValidationReport validate(Path pdf, long length) {
        try (PdfDocument document = Revisions.open(pdf, length)) {
            ValidationContext context = new ValidationContext(
                    ValidatorContext.DOCUMENT_REVISIONS_VALIDATOR,
                    CertificateSource.SIGNER_CERT,
                    TimeBasedContext.PRESENT);
            return new ValidatorChainBuilder()
                    .buildDocumentRevisionsValidator()
                    .validateAllDocumentRevisions(context, document);
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * @param firstBadRevisionStart an offset at or before the start of the first disallowed revision,
     *     and after every signature that signed it; signatures whose signed range ends at or before
     *     it saw their document changed against the rules.
     *     {@code Long.MAX_VALUE} when every revision is allowed
     * @param why the rules broken, or why they could not be checked
     * @param checked false when the revisions could not be compared: then no signature's later
     *     changes count as permitted, since nobody knows what they were
     */
    record Verdict(long firstBadRevisionStart, String why, boolean checked) {
        static final Verdict ALLOWED = new Verdict(Long.MAX_VALUE, "", true);

        static Verdict unchecked(String why) {
            return new Verdict(0, why, false);
        }

        boolean allowedAfter(long signedLength) {
            return this == ALLOWED || checked && signedLength > firstBadRevisionStart;
        }

        /** For the document as a whole. */
        String problem() {
            return checked
                    ? "A revision changes the document in a way its certification or field locks forbid: " + why
                    : "Signet could not check the changes between the document's revisions: " + why;
        }

        /** For a signature whose later changes are not permitted. */
        String signatureProblem() {
            return checked
                    ? "A later revision made changes this signature's rules forbid: " + why
                    : "The changes made after this signature could not be checked: " + why;
        }
    }
}
