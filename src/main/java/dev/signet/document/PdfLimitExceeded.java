package dev.signet.document;

import com.itextpdf.kernel.exceptions.MemoryLimitsAwareException;

/**
 * A PDF asks for more than Signet will spend on one document: more decoded bytes, reading time,
 * nesting, objects or annotations than any real document needs. Callers answer with a 4xx, never
 * a 500. It is an iText {@link MemoryLimitsAwareException} so that iText's own recovery (rebuilding
 * a damaged cross-reference table, re-reading an object) lets it through instead of trying again.
 */
public class PdfLimitExceeded extends MemoryLimitsAwareException {

    /** Which limit was reached; {@link #code()} is the error code an API answers with. */
    public enum Limit {
        STREAM_SIZE("a stream decodes to more than " + SafePdf.MAX_STREAM / (1024 * 1024) + " MB"),
        DECODED_TOTAL("its streams decode to more than " + SafePdf.MAX_DECODED / (1024 * 1024) + " MB in all"),
        READING_TIME("reading it takes longer than " + SafePdf.READING_BUDGET.toSeconds() + " seconds"),
        NESTING("its objects or page tree nest deeper than " + SafePdf.MAX_NESTING + " levels, or loop"),
        OBJECTS("it has more objects than " + SafePdf.MAX_DOCUMENT_OBJECTS + " (or declares more than "
                + SafePdf.MAX_OBJECTS + ")"),
        ANNOTATIONS("it has more annotations than " + SafePdf.MAX_ANNOTATIONS_PER_PAGE + " on a page or "
                + SafePdf.MAX_ANNOTATIONS + " in all");

        private final String why;

        Limit(String why) {
            this.why = why;
        }
    }

    /** The API's error code for a document over Signet's limits, at upload and in verify. */
    public static final String CODE = "PDF_LIMITS_EXCEEDED";

    private final Limit limit;

    public PdfLimitExceeded(Limit limit) {
        super("The PDF exceeds Signet's limits: " + limit.why);
        this.limit = limit;
    }

    public Limit limit() {
        return limit;
    }

    /** Why, in words: "a stream decodes to more than 64 MB". */
    public String reason() {
        return limit.why;
    }

    public String code() {
        return CODE;
    }
}
