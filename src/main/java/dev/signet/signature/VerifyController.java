package dev.signet.signature;

import dev.signet.document.PdfLimitExceeded;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/** {@code POST /v2/verify}: a PDF in (raw body or multipart {@code file}), its {@link VerificationReport} out. */
@RestController
class VerifyController {

    private final SignatureVerifier verifier;

    VerifyController(SignatureVerifier verifier) {
        this.verifier = verifier;
    }

    @PostMapping(path = "/v2/verify", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    VerificationReport verifyUpload(@RequestParam("file") MultipartFile file) throws IOException {
        try (InputStream in = file.getInputStream()) {
            return verify(in);
        }
    }

    @PostMapping(
            path = "/v2/verify",
            consumes = {MediaType.APPLICATION_PDF_VALUE, MediaType.APPLICATION_OCTET_STREAM_VALUE})
    VerificationReport verifyBody(InputStream body) {
        return verify(body);
    }

    private VerificationReport verify(InputStream pdf) {
        try {
            return verifier.verify(pdf);
        } catch (PdfLimitExceeded e) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    e.code(),
                    e.getMessage(),
                    List.of(new FieldError("file", e.reason())));
        } catch (SignatureException e) {
            throw ApiException.badRequest("PDF_READER", "The file is not a PDF whose signatures can be read");
        }
    }
}
