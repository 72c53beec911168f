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
import java.util.List;
import java.util.stream.Collectors;

/**
 * Whether the revisions after each signature make only the changes the document's DocMDP and
 * FieldMDP rules allow: after a P=2 certification, filling fields, signing, adding validation data
 * and timestamps; never touching page content or a locked field. The rules themselves are
 * iText's {@code DocumentRevisionsValidator} (ISO 32000-2 §12.8.2.2-4); this class finds which
 * revision first breaks them, so the signatures before it can be told apart from those after.
 */
final class RevisionRules {

    private RevisionRules() {}

    /** The first revision that breaks the rules, or {@link Verdict#ALLOWED}. */
    static Verdict check(Path pdf) throws Exception {
        List<DocumentRevision> revisions;
        try (PdfReader reader = SafePdf.reader(pdf)) {
            revisions = new PdfRevisionsReader(reader).getAllRevisions();
        }
        ValidationReport whole = validate(pdf, revisions.get(revisions.size() - 1).getEofOffset());
        if (whole.getValidationResult() == ValidationReport.ValidationResult.VALID) {
            return Verdict.ALLOWED;
        }
        // Breaking the rules is permanent: every longer prefix fails too, so bisect for the first.
        int good = -1;
        int bad = revisions.size() - 1;
        while (bad - good > 1) {
            int middle = (good + bad) >>> 1;
            if (validate(pdf, revisions.get(middle).getEofOffset()).getValidationResult()
                    == ValidationReport.ValidationResult.VALID) {
                good = middle;
            } else {
                bad = middle;
            }
        }
        String why = whole.getFailures().stream().map(ReportItem::getMessage).distinct()
                .collect(Collectors.joining(" "));
        long start = bad == 0 ? 0 : revisions.get(bad - 1).getEofOffset();
        return new Verdict(start, why);
    }

    private static ValidationReport validate(Path pdf, long length) throws Exception {
        try (PdfDocument document = Revisions.open(pdf, length)) {
            ValidationContext context = new ValidationContext(ValidatorContext.DOCUMENT_REVISIONS_VALIDATOR,
                    CertificateSource.SIGNER_CERT, TimeBasedContext.PRESENT);
            return new ValidatorChainBuilder().buildDocumentRevisionsValidator()
                    .validateAllDocumentRevisions(context, document);
        }
    }

    /**
     * @param firstBadRevisionStart the offset where the first disallowed revision begins; signatures
     *     whose signed range ends at or before it saw their document changed against the rules.
     *     {@code Long.MAX_VALUE} when every revision is allowed
     */
    record Verdict(long firstBadRevisionStart, String why) {
        static final Verdict ALLOWED = new Verdict(Long.MAX_VALUE, "");

        boolean allowedAfter(long signedLength) {
            return firstBadRevisionStart == Long.MAX_VALUE || signedLength > firstBadRevisionStart;
        }
    }
}
