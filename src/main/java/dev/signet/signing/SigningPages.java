package dev.signet.signing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
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
            "page.js.format");

    private final SigningService signing;
    private final LinkRenewal renewal;
    private final MessageSource messages;
    private final ObjectMapper json;
    private final PageConfiguration.PdfJs pdfJs;

    private final OtpGate otp;
    private final IdvStep idv;

    SigningPages(
            SigningService signing,
            LinkRenewal renewal,
            MessageSource messages,
            ObjectMapper json,
            PageConfiguration.PdfJs pdfJs,
            OtpGate otp,
            IdvStep idv) {
        this.otp = otp;
        this.idv = idv;
        this.signing = signing;
        this.renewal = renewal;
        this.messages = messages;
        this.json = json;
        this.pdfJs = pdfJs;
    }

    @GetMapping("/sign/{token}")
    String page(@PathVariable String token, Locale locale, Model model, HttpServletResponse response) {
        Optional<SigningService.Landing> landing = signing.landing(token).map(this::withOtpStep);
        String state = landing.map(SigningService.Landing::state).orElse("invalid");
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
        landing.ifPresent(l -> model.addAttribute("landing", l));
        model.addAttribute("token", token);
        return render(state, locale, model, response);
    }

    /** A signer with a one-time password to enter sees the OTP step, and nothing of the documents yet. */
    private SigningService.Landing withOtpStep(SigningService.Landing l) {
        if (!l.state().equals("sign") || !otp.pending(l.view().recipient().id())) {
            return l;
        }
        return new SigningService.Landing("otp", l.envelopeName(), l.senderName(), l.recipientName(), null);
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
        try {
            // Inside a <script> data block: "<" must not be able to close it.
            return json.writeValueAsString(texts).replace("<", "\\u003c");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
