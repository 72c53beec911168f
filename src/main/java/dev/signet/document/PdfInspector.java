package dev.signet.document;

import com.itextpdf.kernel.exceptions.BadPasswordException;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfReader;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;

/** Opens a PDF and reports what preparation needs: whether it is readable, and its pages' sizes. */
@Component
public class PdfInspector {

    public record PageSize(float width, float height) {}

    public sealed interface Result permits Readable, Rejected {}

    public record Readable(List<PageSize> pages) implements Result {}

    /** {@code code} is one of the reference's upload error codes (PASSWORD_PROTECTED, PDF_READER). */
    public record Rejected(String code) implements Result {}

    /**
     * Reads the document as intake will, limits included, so that a document over them is refused
     * while the caller is still there to be told.
     *
     * @throws PdfLimitExceeded when the document passes one of Signet's limits
     */
    public Result inspect(byte[] content) {
        try {
            return SafePdf.guarded(() -> read(content));
        } catch (PdfLimitExceeded e) {
            throw e;
        } catch (BadPasswordException e) {
            return new Rejected("PASSWORD_PROTECTED");
        } catch (Exception e) {
            return new Rejected("PDF_READER");
        }
    }

    private static Result read(byte[] content) throws java.io.IOException {
        try (PdfReader reader = SafePdf.reader(content);
                PdfDocument pdf = new PdfDocument(reader)) {
            if (reader.isEncrypted()) {
                return new Rejected("PASSWORD_PROTECTED");
            }
            int count = pdf.getNumberOfPages();
            if (count == 0) {
                return new Rejected("PDF_READER");
            }
            PdfIntake.checkLimits(pdf);
            List<PageSize> pages = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                pages.add(PdfIntake.visibleSize(pdf, i));
            }
            return new Readable(pages);
        }
    }
}
