package dev.signet.document;

import dev.signet.document.PdfInspector.PageSize;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import java.util.List;
import org.springframework.http.HttpStatus;
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
     * The file type rule: a PDF, or a Word document where this Signet can convert it; anything else
     * is 415 {@code UNSUPPORTED_FILE_TYPE}.
     */
    public FileType acceptedType(String fileName, byte[] content) {
        FileType type = FileType.sniff(content);
        if ((type == FileType.DOC || type == FileType.DOCX) && !word.available()) {
            throw new ApiException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "UNSUPPORTED_FILE_TYPE",
                    "'" + fileName + "' is a Word document; this Signet converts Word documents only where"
                            + " LibreOffice is installed, which it is not. Send a PDF.");
        }
        if (type == FileType.UNKNOWN) {
            throw new ApiException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "UNSUPPORTED_FILE_TYPE",
                    "'" + fileName + "' is not a PDF, DOC or DOCX document");
        }
        return type;
    }

    /**
     * Reads a file of an accepted type: a PDF is opened once. A document over Signet's limits (a
     * decompression bomb, too many annotations) is refused now, while the caller waits, rather than
     * taking a preparation job's heap and time: 422 {@code PDF_LIMITS_EXCEEDED}, saying which file
     * ({@code file[index]}) and why.
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
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    e.code(),
                    "'" + fileName + "' exceeds Signet's limits: " + e.reason(),
                    List.of(new FieldError("file[" + index + "]", e.reason())));
        }
    }
}
