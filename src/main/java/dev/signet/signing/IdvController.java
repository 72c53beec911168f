package dev.signet.signing;

import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Identity verification from the signing link: the page (which only shows where the signer stands)
 * and its button that starts or resumes a session (for the sandbox provider the page is the
 * provider too: a tester picks the outcome), the provider's way back, and
 * the same as JSON for the recipient API.
 */
@Controller
class IdvController {

    private final IdvStep step;
    private final TokenRateLimit limit;

    IdvController(IdvStep step, TokenRateLimit limit) {
        this.step = step;
        this.limit = limit;
    }

    /**
     * The page: where the signer stands. A GET changes nothing (mail scanners and link previewers
     * open links): an open session is shown, a new one is only started by the page's button. Not
     * counted against the link's limit of actions, like the signing page itself: every action
     * redirects here and the page looks again while a result is fetched, so counting it would stop
     * a signer who retries once (the browser test found it).
     */
    @GetMapping("/sign/{token}/idv")
    String page(@PathVariable String token, Locale locale, Model model, HttpServletResponse response) {
        return render(token, step.view(token), locale, model, response);
    }

    /** The page's "Start identity check" button: starts (or resumes) a session, then shows the page. */
    @PostMapping("/sign/{token}/idv/start")
    String startFromPage(@PathVariable String token, Locale locale, Model model, HttpServletResponse response) {
        limit.check(token);
        IdvStep.Stage stage = step.stage(token);
        if (stage instanceof IdvStep.LimitReached || stage instanceof IdvStep.ProviderDown) {
            return render(token, stage, locale, model, response);
        }
        return "redirect:/sign/" + token + "/idv?lang=" + locale.getLanguage();
    }

    private static String render(
            String token, IdvStep.Stage stage, Locale locale, Model model, HttpServletResponse response) {
        if (stage instanceof IdvStep.Done) {
            return "redirect:/sign/" + token + "?lang=" + locale.getLanguage();
        }
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        model.addAttribute("token", token);
        model.addAttribute("lang", locale.getLanguage());
        if (stage instanceof IdvStep.Verify verify) {
            model.addAttribute("state", verify.started().provider());
            model.addAttribute("userUrl", verify.started().userUrl());
            model.addAttribute("sessionsLeft", verify.started().sessionsLeft());
            model.addAttribute("lastOutcome", verify.lastOutcome());
        } else if (stage instanceof IdvStep.Ready ready) {
            model.addAttribute("state", "ready");
            model.addAttribute("sessionsLeft", ready.sessionsLeft());
            model.addAttribute("lastOutcome", ready.lastOutcome());
        } else if (stage instanceof IdvStep.LimitReached reached) {
            model.addAttribute("state", "limit");
            model.addAttribute("limit", reached.limit());
        } else if (stage instanceof IdvStep.ProviderDown) {
            model.addAttribute("state", "down");
        } else {
            model.addAttribute("state", "checking");
        }
        return "sign/idv";
    }

    /** The sandbox provider's choice: APPROVE, DOCUMENT_REJECTED or NAME_MISMATCH. */
    @PostMapping("/sign/{token}/idv/sandbox")
    String sandbox(@PathVariable String token, @RequestParam String outcome, Locale locale) {
        limit.check(token);
        step.sandboxChoice(token, outcome);
        return "redirect:/sign/" + token + "/idv?lang=" + locale.getLanguage();
    }

    /** Where a provider sends the signer when they finish (its success URL). */
    @GetMapping("/sign/{token}/idv/done")
    String done(@PathVariable String token, Locale locale) {
        limit.check(token);
        step.returned(token);
        return "redirect:/sign/" + token + "/idv?lang=" + locale.getLanguage();
    }

    /**
     * The recipient API's "identity start": {@code {"stage", "provider", "url", "sessions_left"}}; a
     * sandbox session's url is the IDV page itself, where the outcome is chosen.
     */
    @PostMapping("/v2/signing/{token}/idv/start")
    @ResponseBody
    ResponseEntity<Map<String, Object>> start(@PathVariable String token) {
        limit.check(token);
        IdvStep.Stage stage = step.stage(token);
        Map<String, Object> answer = new LinkedHashMap<>();
        if (stage instanceof IdvStep.Verify verify) {
            answer.put("stage", "verify");
            answer.put("provider", verify.started().provider());
            answer.put("url", verify.started().userUrl());
            answer.put("sessions_left", verify.started().sessionsLeft());
            answer.put("last_outcome", verify.lastOutcome());
        } else if (stage instanceof IdvStep.LimitReached reached) {
            throw dev.signet.web.ApiException.conflict(
                    "IDV_SESSION_LIMIT_REACHED",
                    "You have used all " + reached.limit()
                            + " identity verification sessions; ask the sender to allow more");
        } else if (stage instanceof IdvStep.ProviderDown) {
            throw new dev.signet.web.ApiException(
                    org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE,
                    "IDV_PROVIDER_UNAVAILABLE",
                    "The identity verification service cannot be reached; try again in a few minutes");
        } else {
            answer.put("stage", stage instanceof IdvStep.Checking ? "checking" : "done");
        }
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(answer);
    }
}
