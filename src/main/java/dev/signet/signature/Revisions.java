package dev.signet.signature;

import com.itextpdf.io.source.IRandomAccessSource;
import com.itextpdf.io.source.RandomAccessSourceFactory;
import com.itextpdf.io.source.WindowRandomAccessSource;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.ReaderProperties;
import java.io.IOException;
import java.nio.file.Path;

/** Opens an earlier revision of a PDF file — its first {@code length} bytes — without copying it into memory. */
final class Revisions {

    private Revisions() {}

    static PdfDocument open(Path pdf, long length) throws IOException {
        IRandomAccessSource file = new RandomAccessSourceFactory().createBestSource(pdf.toString());
        PdfReader reader = new PdfReader(new WindowRandomAccessSource(file, 0, length), new ReaderProperties());
        return new PdfDocument(reader);
    }
}
