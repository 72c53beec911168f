package dev.signet.signature;

import com.itextpdf.kernel.pdf.PdfDocument;
import dev.signet.document.SafePdf;
import java.io.IOException;
import java.nio.file.Path;

/** Opens an earlier revision of a PDF file — its first {@code length} bytes — without copying it into memory. */
final class Revisions {

    private Revisions() {}

    static PdfDocument open(Path pdf, long length) throws IOException {
        return new PdfDocument(SafePdf.revision(pdf, length));
    }
}
