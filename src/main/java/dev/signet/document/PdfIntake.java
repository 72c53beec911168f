package dev.signet.document;

import com.itextpdf.kernel.exceptions.BadPasswordException;
import com.itextpdf.kernel.exceptions.MemoryLimitsAwareException;
import com.itextpdf.kernel.geom.Rectangle;
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

    static final int MAX_SINGLE_STREAM = SafePdf.MAX_STREAM;
    /** Deeper nesting of direct objects than any real document uses is itself suspicious. */
    static final int MAX_NESTING = SafePdf.MAX_NESTING;

    private static final Set<PdfName> DANGEROUS_ACTIONS =
            Set.of(PdfName.JavaScript, PdfName.Launch, new PdfName("ImportData"), new PdfName("RichMediaExecute"));

    public sealed interface Outcome permits Accepted, Rejected {}

    public record Accepted(byte[] pdf, List<PageSize> pages) implements Outcome {}

    /** {@code code}: PASSWORD_PROTECTED, MALICIOUS_PDF, PDF_READER or TOO_MANY_PAGES. */
    public record Rejected(String code) implements Outcome {}

    /**
     * A document over Signet's limits ({@link PdfLimitExceeded}: a decompression bomb, a loop, too
     * many annotations or objects) is refused as {@code PDF_READER}, the reference's code for a
     * document that cannot be processed.
     */
    public Outcome accept(byte[] content) {
        return outcome(content, true);
    }

    /**
     * The same rules as {@link #accept}, in one read and without the rewrite, for a file kept as it
     * was given (a signer's attachment): an accepted file comes back as it is.
     */
    public Outcome judge(byte[] content) {
        return outcome(content, false);
    }

    private static Outcome outcome(byte[] content, boolean rewrite) {
        try {
            Outcome checked = SafePdf.guarded(() -> check(content));
            return rewrite && checked instanceof Accepted accepted
                    ? new Accepted(SafePdf.guarded(() -> rewrite(content)), accepted.pages())
                    : checked;
        } catch (BadPasswordException e) {
            return new Rejected("PASSWORD_PROTECTED");
        } catch (MemoryLimitsAwareException e) {
            // A decompression bomb: far more data inside than a document of this size can hold.
            return new Rejected("PDF_READER");
        } catch (Exception e) {
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
            int count = pdf.getNumberOfPages();
            if (count == 0) {
                return new Rejected("PDF_READER");
            }
            if (count > MAX_PAGES) {
                return new Rejected("TOO_MANY_PAGES");
            }
            SafePdf.checkStructure(pdf);
            if (hasActiveContent(pdf)) {
                return new Rejected("MALICIOUS_PDF");
            }
            decodeEveryStream(pdf);
            List<PageSize> pages = new ArrayList<>(count);
            for (int i = 1; i <= count; i++) {
                pages.add(visibleSize(pdf, i));
            }
            return new Accepted(content, pages);
        }
    }

    private static byte[] rewrite(byte[] content) throws java.io.IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(content.length + 1024);
        try (PdfDocument pdf =
                new PdfDocument(SafePdf.reader(content), new PdfWriter(out, new WriterProperties().useSmartMode()))) {
            pdf.getNumberOfPages();
        }
        return out.toByteArray();
    }

    /**
     * What intake asks of a document beyond the limits of every reader: a sane number of objects
     * and annotations, and every stream decodable within the limits, so that a bomb is found here
     * and now rather than later in a signing job.
     *
     * @throws PdfLimitExceeded when the document passes one
     */
    static void checkLimits(PdfDocument pdf) {
        SafePdf.checkStructure(pdf);
        decodeEveryStream(pdf);
    }

    /** Decodes each stream once; the reader counts and bounds what they decode to, alone and in all. */
    static void decodeEveryStream(PdfDocument pdf) {
        int objects = pdf.getNumberOfPdfObjects();
        for (int i = 1; i < objects; i++) {
            if (pdf.getPdfObject(i) instanceof PdfStream stream) {
                decode(stream);
            }
        }
    }

    private static void decode(PdfStream stream) {
        try {
            stream.getBytes(true);
        } catch (MemoryLimitsAwareException e) {
            throw e;
        } catch (RuntimeException e) {
            // A filter iText does not decode (some image codecs): the stream is carried as it is.
        }
    }

    /** Tags are placed on the page as a person sees it: the crop box, turned by /Rotate. */
    static PageSize visibleSize(PdfDocument pdf, int pageNumber) {
        Rectangle box = pdf.getPage(pageNumber).getCropBox();
        int rotation = pdf.getPage(pageNumber).getRotation() % 180;
        return rotation == 0
                ? new PageSize(box.getWidth(), box.getHeight())
                : new PageSize(box.getHeight(), box.getWidth());
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
        return PdfName.EmbeddedFile.equals(type)
                || PdfName.FileAttachment.equals(subtype)
                || (d.get(PdfName.Names) instanceof PdfDictionary names && names.containsKey(PdfName.JavaScript));
    }
}
