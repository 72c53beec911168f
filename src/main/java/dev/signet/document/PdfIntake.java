package dev.signet.document;

import com.itextpdf.kernel.exceptions.BadPasswordException;
import com.itextpdf.kernel.exceptions.MemoryLimitsAwareException;
import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.MemoryLimitsAwareHandler;
import com.itextpdf.kernel.pdf.PdfArray;
import com.itextpdf.kernel.pdf.PdfDictionary;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.kernel.pdf.PdfObject;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.PdfStream;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.WriterProperties;
import dev.signet.document.PdfInspector.PageSize;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import org.springframework.stereotype.Component;

/**
 * Accepts an uploaded PDF or says why not, with the reference's upload error codes. An accepted
 * PDF is rewritten as one clean revision: earlier incremental updates, unused objects and hidden
 * history are gone, so what recipients sign is exactly what Signet checked.
 */
@Component
public class PdfIntake {

    /** Pages per document; a longer one is refused rather than slowing every signature on it. */
    public static final int MAX_PAGES = 500;
    static final int MAX_SINGLE_STREAM = 64 * 1024 * 1024;
    static final long MAX_ALL_STREAMS = 512L * 1024 * 1024;
    /** Deeper nesting of direct objects than any real document uses is itself suspicious. */
    static final int MAX_NESTING = 64;

    private static final Set<PdfName> DANGEROUS_ACTIONS = Set.of(PdfName.JavaScript, PdfName.Launch,
            new PdfName("ImportData"), new PdfName("RichMediaExecute"));

    public sealed interface Outcome permits Accepted, Rejected {}

    public record Accepted(byte[] pdf, List<PageSize> pages) implements Outcome {}

    /** {@code code}: PASSWORD_PROTECTED, MALICIOUS_PDF, PDF_READER or TOO_MANY_PAGES. */
    public record Rejected(String code) implements Outcome {}

    public Outcome accept(byte[] content) {
        try {
            Outcome checked = check(content);
            return checked instanceof Accepted accepted ? new Accepted(rewrite(content), accepted.pages()) : checked;
        } catch (BadPasswordException e) {
            return new Rejected("PASSWORD_PROTECTED");
        } catch (MemoryLimitsAwareException e) {
            // A decompression bomb: far more data inside than a document of this size can hold.
            return new Rejected("PDF_READER");
        } catch (Exception | StackOverflowError e) {
            return new Rejected("PDF_READER");
        }
    }

    /** Reads without writing, so nothing is decoded or copied before the document passed. */
    private static Outcome check(byte[] content) throws java.io.IOException {
        try (PdfReader reader = SafePdf.reader(content);
             PdfDocument pdf = new PdfDocument(reader)) {
            if (reader.isEncrypted()) {
                return new Rejected("PASSWORD_PROTECTED");
            }
            if (hasActiveContent(pdf)) {
                return new Rejected("MALICIOUS_PDF");
            }
            decodeEveryStream(pdf);
            int count = pdf.getNumberOfPages();
            if (count == 0) {
                return new Rejected("PDF_READER");
            }
            if (count > MAX_PAGES) {
                return new Rejected("TOO_MANY_PAGES");
            }
            List<PageSize> pages = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                pages.add(visibleSize(pdf, i));
            }
            return new Accepted(content, pages);
        }
    }

    private static byte[] rewrite(byte[] content) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 1024);
        try (PdfDocument pdf = new PdfDocument(SafePdf.reader(content),
                new PdfWriter(out, new WriterProperties().useSmartMode()))) {
            pdf.getNumberOfPages();
        }
        return out.toByteArray();
    }

    /**
     * Measures what each stream decodes to, under the limits, so a decompression bomb is found here
     * and now rather than later in a signing job. Flate streams (nearly all of them) are inflated
     * here into a scratch buffer and counted, never kept: iText's own decoder, once over a limit,
     * falls back to reading one byte at a time, which turns a bomb into minutes of work.
     */
    static void decodeEveryStream(PdfDocument pdf) {
        long total = 0;
        int objects = pdf.getNumberOfPdfObjects();
        for (int i = 1; i < objects; i++) {
            if (!(pdf.getPdfObject(i) instanceof PdfStream stream)) {
                continue;
            }
            PdfObject filter = stream.get(PdfName.Filter);
            if (PdfName.FlateDecode.equals(filter) || (filter instanceof PdfArray chain && chain.size() == 1
                    && PdfName.FlateDecode.equals(chain.get(0)))) {
                total += inflatedSize(stream.getBytes(false));
            } else {
                total += decodedSize(stream);
            }
            if (total > MAX_ALL_STREAMS) {
                throw new MemoryLimitsAwareException("The streams of this document inflate past the limit");
            }
        }
    }

    private static long inflatedSize(byte[] compressed) {
        Inflater inflater = new Inflater();
        byte[] scratch = new byte[64 * 1024];
        long size = 0;
        try {
            inflater.setInput(compressed);
            while (!inflater.finished()) {
                int n = inflater.inflate(scratch);
                size += n;
                if (size > MAX_SINGLE_STREAM) {
                    throw new MemoryLimitsAwareException("A stream of this document inflates past the limit");
                }
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
            }
            return size;
        } catch (DataFormatException e) {
            // Damaged data: readers show what decodes; so do we, and the size so far is what counts.
            return size;
        } finally {
            inflater.end();
        }
    }

    private static long decodedSize(PdfStream stream) {
        try {
            return stream.getBytes(true).length;
        } catch (MemoryLimitsAwareException e) {
            throw e;
        } catch (RuntimeException e) {
            // A filter iText does not decode (some image codecs): the stream is carried as it is.
            return 0;
        }
    }

    /** Tags are placed on the page as a person sees it: the crop box, turned by /Rotate. */
    static PageSize visibleSize(PdfDocument pdf, int pageNumber) {
        Rectangle box = pdf.getPage(pageNumber).getCropBox();
        int rotation = pdf.getPage(pageNumber).getRotation() % 180;
        return rotation == 0 ? new PageSize(box.getWidth(), box.getHeight()) : new PageSize(box.getHeight(), box.getWidth());
    }

    /**
     * JavaScript, launch actions, embedded files and XFA can act on a signer's machine or show
     * different content to different readers; a document to be signed has no business carrying
     * them. Every object is looked at, not just the usual places, because actions hide anywhere
     * (outlines, annotations, form fields, name trees).
     */
    static boolean hasActiveContent(PdfDocument pdf) {
        PdfDictionary acroForm = pdf.getCatalog().getPdfObject().getAsDictionary(PdfName.AcroForm);
        if (acroForm != null && acroForm.get(PdfName.XFA, false) != null) {
            return true;
        }
        int objects = pdf.getNumberOfPdfObjects();
        for (int i = 1; i < objects; i++) {
            if (containsActive(pdf.getPdfObject(i), 0)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Looks into an object and the direct objects nested in it; indirect references are not
     * followed, since the caller visits every indirect object anyway.
     */
    private static boolean containsActive(PdfObject object, int depth) {
        if (object == null || depth > MAX_NESTING) {
            return depth > MAX_NESTING;
        }
        if (object instanceof PdfDictionary dictionary) {
            if (isActive(dictionary)) {
                return true;
            }
            for (PdfName key : dictionary.keySet()) {
                PdfObject value = dictionary.get(key, false);
                if (value != null && !value.isIndirectReference() && containsActive(value, depth + 1)) {
                    return true;
                }
            }
        } else if (object instanceof PdfArray array) {
            for (int i = 0; i < array.size(); i++) {
                PdfObject value = array.get(i, false);
                if (value != null && !value.isIndirectReference() && containsActive(value, depth + 1)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isActive(PdfDictionary d) {
        PdfName action = d.getAsName(PdfName.S);
        if (action != null && DANGEROUS_ACTIONS.contains(action)) {
            return true;
        }
        if (d.containsKey(PdfName.JS) || d.containsKey(PdfName.EmbeddedFiles) || d.containsKey(PdfName.EF)) {
            return true;
        }
        PdfName type = d.getAsName(PdfName.Type);
        PdfName subtype = d.getAsName(PdfName.Subtype);
        return PdfName.EmbeddedFile.equals(type) || PdfName.FileAttachment.equals(subtype)
                || (d.get(PdfName.Names) instanceof PdfDictionary names && names.containsKey(PdfName.JavaScript));
    }

    /**
     * iText's default handler checks decompression only for suspicious filter chains; a single
     * Flate stream can still inflate a few kilobytes into gigabytes. Signet checks every stream.
     */
    static final class EveryStreamLimited extends MemoryLimitsAwareHandler {
        EveryStreamLimited() {
            setMaxSizeOfSingleDecompressedPdfStream(MAX_SINGLE_STREAM);
            setMaxSizeOfDecompressedPdfStreamsSum(MAX_ALL_STREAMS);
        }

        @Override
        public boolean isMemoryLimitsAwarenessRequiredOnDecompression(PdfArray filters) {
            return true;
        }
    }
}
