package dev.signet.document;

import com.itextpdf.io.source.IRandomAccessSource;
import com.itextpdf.io.source.RandomAccessSourceFactory;
import com.itextpdf.io.source.WindowRandomAccessSource;
import com.itextpdf.kernel.exceptions.KernelExceptionMessageConstant;
import com.itextpdf.kernel.exceptions.MemoryLimitsAwareException;
import com.itextpdf.kernel.pdf.MemoryLimitsAwareHandler;
import com.itextpdf.kernel.pdf.PdfArray;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.ReaderProperties;
import dev.signet.document.PdfLimitExceeded.Limit;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one way Signet opens a PDF, whoever the PDF came from: intake, inspection, preparation,
 * signing, sealing and verify all read through here, so every reader carries the same limits. A
 * reader that passes one throws {@link PdfLimitExceeded}, whichever stream or object it was reading:
 * <ul>
 *   <li>every stream, object streams and cross-reference streams included, decodes to at most
 *       {@value #MAX_STREAM} bytes, and all of a document's decoding to {@value #MAX_DECODED} bytes,
 *       counted while decoding, so a bomb is stopped before it fills memory;
 *   <li>the reader spends at most {@link #READING_BUDGET} of CPU time parsing and decoding, in all;
 *   <li>objects nest at most {@value #MAX_NESTING} deep, and a document has at most
 *       {@value #MAX_OBJECTS} objects.
 * </ul>
 * The limits are far above what real documents need (a 600 dpi colour A4 scan is 100 MB only as
 * raw pixels, which PDFs keep compressed as JPEG), and low enough that three attacks at once stay
 * well inside the heap the Dockerfile gives the service.
 */
public final class SafePdf {

    static final int MAX_STREAM = 64 * 1024 * 1024;
    static final long MAX_DECODED = 256L * 1024 * 1024;
    static final Duration READING_BUDGET = Duration.ofSeconds(5);
    static final int MAX_NESTING = 64;
    static final int MAX_OBJECTS = 500_000;
    /**
     * A form page has a few hundred fields at most, a contract some links per page. Every annotation
     * costs work in each signature's appearance and each viewer, and checking which revision changed
     * which annotation (iText's revision rules, in verify) grows with their square: 4,000 took 3 s.
     */
    static final int MAX_ANNOTATIONS_PER_PAGE = 500;

    static final int MAX_ANNOTATIONS = 5_000;
    /** Objects in a document to be signed or verified; a 500-page contract with forms has tens of thousands. */
    static final int MAX_DOCUMENT_OBJECTS = 250_000;

    /** Readers opened since start: tests hold a request to one parse per PDF with it. */
    private static final AtomicLong OPENED = new AtomicLong();

    private SafePdf() {}

    /** How many readers this process has opened; a count, no content. */
    static long opened() {
        return OPENED.get();
    }

    /** A reader over a document held in memory. */
    public static PdfReader reader(byte[] pdf) throws IOException {
        return limited(new RandomAccessSourceFactory().createSource(pdf));
    }

    /** A reader over a document on disk, read in place. */
    public static PdfReader reader(Path pdf) throws IOException {
        return limited(new RandomAccessSourceFactory().createBestSource(pdf.toString()));
    }

    /** A reader over an earlier revision of a file: its first {@code length} bytes, not copied. */
    public static PdfReader revision(Path pdf, long length) throws IOException {
        IRandomAccessSource file = new RandomAccessSourceFactory().createBestSource(pdf.toString());
        return limited(new WindowRandomAccessSource(file, 0, length));
    }

    /**
     * The structure a document to be signed, or verified, may have: at most {@value #MAX_DOCUMENT_OBJECTS}
     * objects, {@value #MAX_ANNOTATIONS_PER_PAGE} annotations on a page and {@value #MAX_ANNOTATIONS}
     * in all. Cheap: it counts, it does not read the annotations.
     *
     * @throws PdfLimitExceeded when the document has more
     */
    public static void checkStructure(PdfDocument pdf) {
        if (pdf.getNumberOfPdfObjects() > MAX_DOCUMENT_OBJECTS) {
            throw new PdfLimitExceeded(Limit.OBJECTS);
        }
        long annotations = 0;
        for (int i = 1; i <= pdf.getNumberOfPages(); i++) {
            PdfArray annots = pdf.getPage(i).getPdfObject().getAsArray(PdfName.Annots);
            int onPage = annots == null ? 0 : annots.size();
            annotations += onPage;
            if (onPage > MAX_ANNOTATIONS_PER_PAGE || annotations > MAX_ANNOTATIONS) {
                throw new PdfLimitExceeded(Limit.ANNOTATIONS);
            }
        }
    }

    /**
     * Runs work on a PDF that may recurse through its structure (a page tree, chains of
     * references, comparisons of revisions), turning a stack overflow from a loop or a tree deeper
     * than any real document into {@link PdfLimitExceeded} rather than a crash of the request.
     */
    public static <T> T guarded(Callable<T> work) throws Exception {
        try {
            return work.call();
        } catch (StackOverflowError e) {
            throw new PdfLimitExceeded(Limit.NESTING);
        } catch (PdfLimitExceeded e) {
            throw e;
        } catch (MemoryLimitsAwareException e) {
            // iText's own guards: the cross-reference table, or a stream held in memory.
            throw new PdfLimitExceeded(
                    KernelExceptionMessageConstant.XREF_STRUCTURE_SIZE_EXCEEDED_THE_LIMIT.equals(e.getMessage())
                            ? Limit.OBJECTS
                            : Limit.STREAM_SIZE);
        }
    }

    private static PdfReader limited(IRandomAccessSource source) throws IOException {
        return limited(source, new ReadBudget(READING_BUDGET.toNanos(), MAX_DECODED));
    }

    static PdfReader limited(IRandomAccessSource source, ReadBudget budget) throws IOException {
        OPENED.incrementAndGet();
        return new LimitedReader(
                source, new ReaderProperties().setMemoryLimitsAwareHandler(new EveryStreamLimited()), budget);
    }

    /**
     * For streams decoded outside the reader (those a document holds in memory), iText's own
     * handler; it checks decompression only for suspicious filter chains unless told otherwise.
     * It also caps the cross-reference table, which iText allocates at the size a file declares.
     */
    static final class EveryStreamLimited extends MemoryLimitsAwareHandler {
        EveryStreamLimited() {
            setMaxSizeOfSingleDecompressedPdfStream(MAX_STREAM);
            setMaxSizeOfDecompressedPdfStreamsSum(MAX_DECODED);
            setMaxNumberOfElementsInXrefStructure(MAX_OBJECTS);
        }

        @Override
        public boolean isMemoryLimitsAwarenessRequiredOnDecompression(PdfArray filters) {
            return true;
        }

        @Override
        public MemoryLimitsAwareHandler createNewInstance() {
            return new EveryStreamLimited();
        }
    }
}
