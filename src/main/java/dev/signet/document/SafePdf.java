package dev.signet.document;

import com.itextpdf.io.source.IRandomAccessSource;
import com.itextpdf.io.source.RandomAccessSourceFactory;
import com.itextpdf.io.source.WindowRandomAccessSource;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.ReaderProperties;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The one way Signet opens a PDF, whoever the PDF came from: intake, inspection, preparation,
 * signing, sealing and verify all read through here, so every reader carries the same limits on
 * what a document may decode to.
 */
public final class SafePdf {

    private SafePdf() {}

    /** A reader over a document held in memory. */
    public static PdfReader reader(byte[] pdf) throws IOException {
        return new PdfReader(new RandomAccessSourceFactory().createSource(pdf), properties());
    }

    /** A reader over a document on disk, read in place. */
    public static PdfReader reader(Path pdf) throws IOException {
        return new PdfReader(new RandomAccessSourceFactory().createBestSource(pdf.toString()), properties());
    }

    /** A reader over an earlier revision of a file: its first {@code length} bytes, not copied. */
    public static PdfReader revision(Path pdf, long length) throws IOException {
        IRandomAccessSource file = new RandomAccessSourceFactory().createBestSource(pdf.toString());
        return new PdfReader(new WindowRandomAccessSource(file, 0, length), properties());
    }

    private static ReaderProperties properties() {
        return new ReaderProperties().setMemoryLimitsAwareHandler(new PdfIntake.EveryStreamLimited());
    }
}
