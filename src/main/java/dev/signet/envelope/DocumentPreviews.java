package dev.signet.envelope;

import dev.signet.document.FileType;
import dev.signet.document.Uploads;
import dev.signet.document.WordConverter;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import java.util.List;
import java.util.concurrent.Semaphore;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * A document as a PDF to look at before it is sent (the portal places fields on its pages): a Word
 * document converted as preparation will convert it, so the pages the sender sees are the pages the
 * tags land on. The type rule is the create request's ({@link Uploads#acceptedType}). LibreOffice
 * takes seconds of CPU: at most {@link #AT_ONCE} conversions run at a time on a node, more wait
 * their turn as a 429.
 */
@Component
class DocumentPreviews {

    static final int AT_ONCE = 2;
    static final long RETRY_SECONDS = 10;

    private final Uploads uploads;
    private final WordConverter word;
    private final Semaphore converting = new Semaphore(AT_ONCE);

    DocumentPreviews(Uploads uploads, WordConverter word) {
        this.uploads = uploads;
        this.word = word;
    }

    byte[] pdf(String fileName, byte[] content) {
        if (content.length == 0) {
            throw ApiException.validation(List.of(new FieldError("file", "is empty")));
        }
        if (content.length > EnvelopeService.MAX_TOTAL_BYTES) {
            throw new ApiException(
                    HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "The files together may not exceed 20 MB");
        }
        FileType type;
        try {
            type = uploads.acceptedType(fileName, content);
        } catch (Uploads.Refused refused) {
            throw EnvelopeService.refusal(refused);
        }
        if (type == FileType.PDF) {
            return content;
        }
        if (!converting.tryAcquire()) {
            throw ApiException.tooManyRequests(RETRY_SECONDS);
        }
        try {
            return word.toPdf(content, type);
        } catch (WordConverter.ConversionFailed e) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "WORD_DOC_CONV_ERROR",
                    "'" + fileName + "' could not be converted to PDF",
                    List.of(new FieldError("file", "could not be converted to PDF")));
        } finally {
            converting.release();
        }
    }
}
