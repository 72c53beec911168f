package dev.signet.signing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.assurance.OtpChoices;
import dev.signet.web.SecurityLayer;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The recipient's pages: {@code /sign/{token}} from the email link. Server-rendered; the viewer
 * and the fields are a small script over the recipient API. A GET never changes anything.
 */
@Controller
class SigningPages {

    /** The texts the page's script needs, in the page's language. */
    static final List<String> SCRIPT_MESSAGES = List.of(
            "page.js.signature",
            "page.js.initials",
            "page.js.text_field",
            "page.js.checkbox_field",
            "page.js.radio_field",
            "page.js.date_signed_field",
            "page.js.attachment",
            "page.js.progress",
            "page.js.all_done",
            "page.js.missing",
            "page.js.required",
            "page.js.optional",
            "page.js.page_of",
            "page.js.loading",
            "page.js.loading_fields",
            "page.js.load_failed",
            "page.js.submit_failed",
            "page.js.rate_limited",
            "page.js.attachment_not_pdf",
            "page.js.attachment_too_large",
            "page.js.draw_empty",
            "page.js.type_empty",
            "page.js.image_failed",
            "page.js.filled",
            "page.js.empty",
            "page.js.read_only",
            "page.js.decline_failed",
            "page.js.format",
            "page.js.otp_sending",
            "page.js.otp_checking",
            "page.js.otp_sends_left",
            "page.js.otp_digits",
            "page.js.otp_passed",
            "page.js.otp_failed",
            "page.js.step_of",
            "page.js.sign_here",
            "page.js.initials_here",
            "page.js.attach_here",
            "page.js.change",
            "page.js.selected",
            "page.js.not_selected",
            "page.js.submit_refused",
            "page.js.submit_conflict",
            "page.js.link_gone",
            "page.js.offline",
            "page.js.decline_empty",
            "page.js.decline_conflict",
            "page.js.fix_field");

    private final SigningService signing;
    private final LinkRenewal renewal;
    private final MessageSource messages;
    private final ObjectMapper json;
    private final PageConfiguration.PdfJs pdfJs;

    private final OtpStep otp;
    private final WitnessStep witnesses;
    private final IdvStep idv;
    private final ShareStep share;

    SigningPages(
            SigningService signing,
            LinkRenewal renewal,
            MessageSource messages,
            ObjectMapper json,
            PageConfiguration.PdfJs pdfJs,
            OtpStep otp,
            WitnessStep witnesses,
            IdvStep idv,
            ShareStep share) {
        this.share = share;
        this.otp = otp;
        this.witnesses = witnesses;
        this.idv = idv;
        this.signing = signing;
        this.renewal = renewal;
        this.messages = messages;
        this.json = json;
        this.pdfJs = pdfJs;
    }

    @GetMapping("/sign/{token}")
    String page(@PathVariable String token, Locale locale, Model model, HttpServletResponse response) {
        signing.frame(token).ifPresent(frame -> model.addAttribute("frame", frame));
        return landing(token, locale, model, response);
    }

    /**
     * The same page for an embedded signer, inside the integrator's iframe: the token in the path is
     * the only credential (no cookie, so no third-party cookie either). Only the organisation's
     * allowed origins may frame it ({@code frame-ancestors}); a token of an envelope that is not
     * embedded, or an unknown one, may be framed by no one and gets the invalid-link page.
     */
    @GetMapping("/embedded/sign/{token}")
    String embeddedPage(@PathVariable String token, Locale locale, Model model, HttpServletResponse response) {
        Optional<SigningService.Frame> frame = signing.frame(token).filter(SigningService.Frame::embedded);
        List<String> origins = frame.map(SigningService.Frame::allowedOrigins).orElse(List.of());
        response.setHeader(
                "Content-Security-Policy",
                SecurityLayer.PAGE_CSP.replace(
                        "frame-ancestors 'none'",
                        "frame-ancestors " + (origins.isEmpty() ? "'none'" : String.join(" ", origins))));
        if (origins.isEmpty()) {
            response.setHeader("X-Frame-Options", "DENY");
        }
        model.addAttribute("embedded", true);
        if (frame.isEmpty()) {
            model.addAttribute("token", token);
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            return render("invalid", locale, model, response);
        }
        model.addAttribute("frame", frame.get());
        model.addAttribute("embedding", embedding(frame.get()));
        return landing(token, locale, model, response);
    }

    /** What embedded.js needs, as a JSON data block: where to post and where to go next. */
    private String embedding(SigningService.Frame frame) {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("origins", frame.allowedOrigins());
        data.put("envelope_id", frame.envelopeId().toString());
        data.put("recipient_id", frame.recipientId().toString());
        Map<String, String> redirects = new LinkedHashMap<>();
        redirects.put("signed", frame.options().successUrl());
        redirects.put(
                "declined",
                frame.options().declineUrl() != null
                        ? frame.options().declineUrl()
                        : frame.options().failureUrl());
        redirects.put("error", frame.options().failureUrl());
        data.put("redirects", redirects);
        return dataBlock(data);
    }

    /**
     * The colours of the envelope's and organisation's branding, as CSS custom properties that
     * signing.css reads (its own colours otherwise). A style sheet, since the pages allow no inline style.
     */
    @GetMapping(path = "/sign/{token}/branding.css", produces = "text/css")
    ResponseEntity<String> brandingCss(@PathVariable String token) {
        return signing.frame(token)
                .map(f -> ResponseEntity.ok()
                        .cacheControl(CacheControl.noStore())
                        .contentType(MediaType.parseMediaType("text/css"))
                        .body(f.branding().css()))
                .orElse(ResponseEntity.notFound().build());
    }

    /** The brand's logo, a PNG the sender or the organisation gave (checked to be one, 200 KB at most). */
    @GetMapping("/sign/{token}/logo.png")
    ResponseEntity<byte[]> logo(@PathVariable String token) {
        return signing.frame(token)
                .filter(f -> f.branding().showsLogo())
                .map(f -> ResponseEntity.ok()
                        .cacheControl(CacheControl.noStore())
                        .contentType(MediaType.IMAGE_PNG)
                        .body(f.branding().logoPng()))
                .orElse(ResponseEntity.notFound().build());
    }

    private String landing(String token, Locale locale, Model model, HttpServletResponse response) {
        Optional<SigningService.Landing> landing = signing.landing(token);
        Optional<OtpChoices> otpChoices = landing.filter(l -> l.state().equals("sign"))
                .flatMap(l -> otp.choices(l.view().recipient().id(), locale));
        if (otpChoices.isPresent()) {
            // A signer with a one-time password to enter sees the OTP step, and nothing of the documents yet.
            SigningService.Landing l = landing.get();
            landing = Optional.of(
                    new SigningService.Landing("otp", l.envelopeName(), l.senderName(), l.recipientName(), null));
            model.addAttribute("otp", otpChoices.get());
        }
        String state = landing.map(SigningService.Landing::state).orElse("invalid");
        if (state.equals("sign")
                && share.pending(landing.get().view().recipient().id())) {
            // Yoti auth first: the documents are not shown until the signer shared their own email.
            return "redirect:/sign/" + token + "/yoti?lang=" + locale.getLanguage();
        }
        if (state.equals("sign")
                && idv.pendingBeforeViewing(landing.get().view().recipient().id())) {
            // Identity first: the documents are not shown until a result allows it.
            return "redirect:/sign/" + token + "/idv?lang=" + locale.getLanguage();
        }
        if (state.equals("invalid")) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        } else if (state.equals("expired")) {
            response.setStatus(HttpServletResponse.SC_GONE);
        }
        if (state.equals("signed") && witnesses.hasWitness(token)) {
            // After signing, a signer whose options ask for a witness names them (reference 4.3).
            return "redirect:/sign/" + token + "/witness?lang=" + locale.getLanguage();
        }
        landing.ifPresent(l -> model.addAttribute("landing", l));
        model.addAttribute(
                "witnessOf",
                state.equals("sign") ? witnesses.signerWitnessedBy(token).orElse(null) : null);
        model.addAttribute("token", token);
        if (state.equals("signed") || state.equals("completed")) {
            List<SigningService.DocumentJson> documents = signing.signedDocuments(token);
            if (!documents.isEmpty()) {
                model.addAttribute("signedDocuments", documents);
                model.addAttribute("packReady", state.equals("completed"));
            }
        }
        return render(state, locale, model, response);
    }

    /**
     * The same answer, sent or not: the page says a link is on its way if one can be. Only inside the
     * rate limit, when a link went out minutes ago, it says so and when to ask again (see {@link LinkRenewal}).
     */
    @PostMapping("/sign/{token}/renew")
    String renew(@PathVariable String token, Locale locale) {
        LinkRenewal.Answer answer = renewal.renew(token);
        String page =
                answer.sentRecently() ? "/sign/link-sent-recently/" + answer.minutesToWait() : "/sign/link-requested";
        return "redirect:" + page + "?lang=" + locale.getLanguage();
    }

    @GetMapping("/sign/link-requested")
    String linkRequested(Locale locale, Model model, HttpServletResponse response) {
        return render("requested", locale, model, response);
    }

    /** The minutes are in the path so that the language switch, a link to the same path, keeps them. */
    @GetMapping("/sign/link-sent-recently/{minutes:[0-9]{1,2}}")
    String linkSentRecently(@PathVariable int minutes, Locale locale, Model model, HttpServletResponse response) {
        model.addAttribute("minutes", Math.max(1, Math.min((int) LinkRenewal.INTERVAL.toMinutes(), minutes)));
        return render("recent", locale, model, response);
    }

    private String render(String state, Locale locale, Model model, HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        model.addAttribute("state", state);
        model.addAttribute("lang", locale.getLanguage());
        model.addAttribute(
                "languages",
                PageConfiguration.LANGUAGES.stream().map(Locale::getLanguage).toList());
        model.addAttribute("pdfjs", pdfJs.base());
        model.addAttribute("scriptMessages", scriptMessages(locale));
        return "sign/page";
    }

    private String scriptMessages(Locale locale) {
        Map<String, String> texts = new LinkedHashMap<>();
        SCRIPT_MESSAGES.forEach(
                key -> texts.put(key.substring("page.js.".length()), messages.getMessage(key, null, locale)));
        return dataBlock(texts);
    }

    private String dataBlock(Object data) {
        try {
            // Inside a <script> data block: "<" must not be able to close it.
            return json.writeValueAsString(data).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
