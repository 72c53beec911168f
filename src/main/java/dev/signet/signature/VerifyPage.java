package dev.signet.signature;

import dev.signet.document.PdfLimitExceeded;
import dev.signet.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code /verify}: the page where anyone, without a key, uploads a PDF and reads
 * {@link SignatureVerifier}'s report on it in plain words — the same report as
 * {@code POST /v2/verify}. Nothing is stored; the upload is deleted once it is checked.
 */
@Controller
class VerifyPage {

    /** The largest PDF the page accepts; the multipart ceiling is the same. */
    static final long MAX_BYTES = 25L * 1024 * 1024;

    private final SignatureVerifier verifier;
    private final ClientRateLimit limit;

    VerifyPage(SignatureVerifier verifier, ClientRateLimit limit) {
        this.verifier = verifier;
        this.limit = limit;
    }

    @GetMapping("/verify")
    String form(Locale locale, Model model, HttpServletResponse response) {
        return render(locale, model, response);
    }

    @PostMapping("/verify")
    String verify(
            @RequestParam(name = "file", required = false) MultipartFile file,
            HttpServletRequest request,
            Locale locale,
            Model model,
            HttpServletResponse response)
            throws IOException {
        try {
            limit.check(request.getRemoteAddr());
        } catch (ApiException e) {
            response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(e.retryAfterSeconds()));
            return error(HttpStatus.TOO_MANY_REQUESTS, "verify.error.rate_limited", locale, model, response);
        }
        if (file == null || file.isEmpty()) {
            return error(HttpStatus.BAD_REQUEST, "verify.error.no_file", locale, model, response);
        }
        if (file.getSize() > MAX_BYTES) {
            return error(HttpStatus.PAYLOAD_TOO_LARGE, "verify.error.too_large", locale, model, response);
        }
        try (InputStream in = file.getInputStream()) {
            model.addAttribute("report", verifier.verify(in));
            model.addAttribute("fileName", file.getOriginalFilename());
        } catch (PdfLimitExceeded e) {
            return error(HttpStatus.UNPROCESSABLE_ENTITY, "verify.error.limits", locale, model, response);
        } catch (SignatureException e) {
            return error(HttpStatus.UNPROCESSABLE_ENTITY, "verify.error.not_pdf", locale, model, response);
        }
        return render(locale, model, response);
    }

    private String error(HttpStatus status, String message, Locale locale, Model model, HttpServletResponse response) {
        response.setStatus(status.value());
        model.addAttribute("error", message);
        return render(locale, model, response);
    }

    private String render(Locale locale, Model model, HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        model.addAttribute("lang", locale.getLanguage());
        model.addAttribute("languages", List.of("en", "de"));
        model.addAttribute("maxMegabytes", MAX_BYTES / 1024 / 1024);
        return "verify/page";
    }
}
