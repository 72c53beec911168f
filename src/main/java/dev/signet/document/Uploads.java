package dev.signet.document;

import dev.signet.document.PdfInspector.PageSize;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What a create request needs to know of each uploaded file, found in one pass per file: its type,
 * judged once by content ({@link FileType#sniff}), and for a PDF one read through {@link SafePdf}
 * that checks Signet's limits and measures the pages. Preparation later trusts the stored type.
 */
@Component
public class Uploads {

    private final PdfInspector inspector;
    private final WordConverter word;

    Uploads(PdfInspector inspector, WordConverter word) {
        this.inspector = inspector;
        this.word = word;
    }

    /**
     * One file as the request saw it.
     *
     * @param pages the visible page sizes of a readable PDF; empty for a Word document, or a PDF
     *              that preparation will report as unreadable (the reference errors the envelope)
     */
    public record Facts(FileType type, List<PageSize> pages) {}

    /**
     * A file the upload rules refuse. The caller answers for it in its own terms (the API: 415 for a
     * type, 422 naming the file for limits); document knows the rule, not the HTTP answer.
     *
     * @param code the API's error code ({@code UNSUPPORTED_FILE_TYPE}, {@code PDF_LIMITS_EXCEEDED})
     * @param field {@code file[index]} for a problem of one file's content, else null
     * @param reason the problem alone, for the field; null without a field
     */
    public static final class Refused extends RuntimeException {
        private final boolean type;
        private final String code;
        private final String field;
        private final String reason;

        private Refused(boolean type, String code, String message, String field, String reason) {
            super(message, null, false, false);
            this.type = type;
            this.code = code;
            this.field = field;
            this.reason = reason;
        }

        /** True when the file's type is refused, false when its content is over Signet's limits. */
        public boolean type() {
            return type;
        }

        public String code() {
            return code;
        }

        public String field() {
            return field;
        }

        public String reason() {
            return reason;
        }
    }

    /**
     * The file type rule: a PDF, or a Word document where this Signet can convert it; anything else
     * is refused ({@code UNSUPPORTED_FILE_TYPE}).
     *
     * @throws Refused for any other file
     */
    public FileType acceptedType(String fileName, byte[] content) {
        FileType type = FileType.sniff(content);
        if ((type == FileType.DOC || type == FileType.DOCX) && !word.available()) {
            throw new Refused(
                    true,
                    "UNSUPPORTED_FILE_TYPE",
                    "'" + fileName + "' is a Word document; this Signet converts Word documents only where"
                            + " LibreOffice is installed, which it is not. Send a PDF.",
                    null,
                    null);
        }
        if (type == FileType.UNKNOWN) {
            throw new Refused(
                    true, "UNSUPPORTED_FILE_TYPE", "'" + fileName + "' is not a PDF, DOC or DOCX document", null, null);
        }
        return type;
    }

    /**
     * Reads a file of an accepted type: a PDF is opened once. A document over Signet's limits (a
     * decompression bomb, too many annotations) is refused now, while the caller waits, rather than
     * taking a preparation job's heap and time: {@code PDF_LIMITS_EXCEEDED}, saying which file
     * ({@code file[index]}) and why.
     *
     * @throws Refused for a PDF over the limits
     */
    public Facts read(int index, String fileName, FileType type, byte[] content) {
        if (type != FileType.PDF) {
            return new Facts(type, List.of());
        }
        try {
            return new Facts(
                    type,
                    inspector.inspect(content) instanceof PdfInspector.Readable readable
                            ? readable.pages()
                            : List.of());
        } catch (PdfLimitExceeded e) {
            throw new Refused(
                    false,
                    e.code(),
                    "'" + fileName + "' exceeds Signet's limits: " + e.reason(),
                    "file[" + index + "]",
                    e.reason());
        }
    }
}
