package dev.signet.portal;

import dev.signet.account.AccountService;
import dev.signet.document.PdfLimitExceeded;
import dev.signet.signature.SignatureException;
import dev.signet.signature.SignatureVerifier;
import dev.signet.web.ApiException;
import dev.signet.web.RequestBodyLimit;
import dev.signet.web.SlidingWindowLimit;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code /portal/verify}: any signed PDF in, the report {@code POST /v2/verify} gives out, from the
 * same {@link SignatureVerifier}, shown as the public {@code /verify} page shows it (its report
 * fragment). Nothing is stored. Any role may use it, at most {@link #CHECKS_PER_MINUTE} times a minute a user.
 */
@Controller
class PortalVerifyPage {

    /** The largest PDF taken, as on the public page and the API. */
    static final long MAX_BYTES = 25L * RequestBodyLimit.MB;

    /** Verifying costs a few hundred milliseconds of CPU: a user checks a document or two, never a stream. */
    static final int CHECKS_PER_MINUTE = 10;

    private final SignatureVerifier verifier;
    private final AccountService accounts;
    private final SlidingWindowLimit checks =
            new SlidingWindowLimit(CHECKS_PER_MINUTE, Duration.ofMinutes(1), Clock.systemUTC());

    PortalVerifyPage(SignatureVerifier verifier, AccountService accounts) {
        this.verifier = verifier;
        this.accounts = accounts;
    }

    /**
     * The portal's forms are bounded at {@link PortalSecurity#FORM_BYTES}; this one takes a PDF. Ordered
     * first, so that it answers for its path before the portal's general limit does.
     */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    static RequestBodyLimit portalVerifyBody() {
        return RequestBodyLimit.of(HttpMethod.POST, "/portal/verify", MAX_BYTES + PortalSecurity.FORM_BYTES);
    }

    @GetMapping("/portal/verify")
    String form(@AuthenticationPrincipal PortalUser user, Model model) {
        Pages.shell(user, "verify", model, accounts);
        model.addAttribute("maxMegabytes", MAX_BYTES / RequestBodyLimit.MB);
        return "portal/verify";
    }

    @PostMapping("/portal/verify")
    String verify(
            @AuthenticationPrincipal PortalUser user,
            @RequestParam(name = "file", required = false) MultipartFile file,
            HttpServletResponse response,
            Model model)
            throws IOException {
        if (file == null || file.isEmpty()) {
            return refused(user, 400, "verify.error.no_file", response, model);
        }
        if (file.getSize() > MAX_BYTES) {
            return refused(user, 413, "verify.error.too_large", response, model);
        }
        try {
            checks.check(user.id().toString());
        } catch (ApiException tooMany) {
            response.setHeader("Retry-After", "60");
            return refused(user, 429, "verify.error.rate_limited", response, model);
        }
        try (InputStream in = file.getInputStream()) {
            model.addAttribute("report", verifier.verify(in));
            model.addAttribute("fileName", file.getOriginalFilename());
        } catch (PdfLimitExceeded e) {
            return refused(user, 422, "verify.error.limits", response, model);
        } catch (SignatureException e) {
            return refused(user, 422, "verify.error.not_pdf", response, model);
        }
        return form(user, model);
    }

    private String refused(PortalUser user, int status, String message, HttpServletResponse response, Model model) {
        response.setStatus(status);
        model.addAttribute("error", message);
        return form(user, model);
    }
}
