package dev.signet.signing;

import dev.signet.assurance.YotiShareService;
import dev.signet.web.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Yoti auth from the signing link: the page (a GET shows where the signer stands and starts
 * nothing), its button that starts a share session, the QR code of that session drawn here, the
 * status the page's script polls, the way back from Yoti on a phone, and the sandbox provider's
 * choice. The same start and status as JSON for the recipient API.
 */
@Controller
class ShareController {

    private final ShareStep step;
    private final TokenRateLimit limit;

    ShareController(ShareStep step, TokenRateLimit limit) {
        this.step = step;
        this.limit = limit;
    }

    /** Not counted against the link's limit of actions, like the signing page: its actions redirect here. */
    @GetMapping("/sign/{token}/yoti")
    String page(@PathVariable String token, Locale locale, Model model, HttpServletResponse response) {
        return render(token, step.view(token), false, locale, model, response);
    }

    @PostMapping("/sign/{token}/yoti/start")
    String start(@PathVariable String token, Locale locale, Model model, HttpServletResponse response) {
        limit.check(token);
        Optional<YotiShareService.Stage> stage = step.start(token);
        if (stage.isPresent()
                && (stage.get() instanceof YotiShareService.LimitReached
                        || stage.get() instanceof YotiShareService.ProviderDown)) {
            return render(token, stage, false, locale, model, response);
        }
        return back(token, locale);
    }

    /** The page's "I have shared" button: asks now, and says so when nothing was shared yet. */
    @PostMapping("/sign/{token}/yoti/check")
    String check(@PathVariable String token, Locale locale, Model model, HttpServletResponse response) {
        limit.check(token);
        YotiShareService.Outcome outcome = step.check(token);
        if (outcome == YotiShareService.Outcome.PASSED) {
            return signing(token, locale);
        }
        if (outcome == YotiShareService.Outcome.PROVIDER_DOWN) {
            return render(token, Optional.of(new YotiShareService.ProviderDown()), false, locale, model, response);
        }
        return outcome == YotiShareService.Outcome.WAITING
                ? render(token, step.view(token), true, locale, model, response)
                : back(token, locale);
    }

    /** The sandbox provider's choice: SHARE_EMAIL or SHARE_OTHER_EMAIL. */
    @PostMapping("/sign/{token}/yoti/sandbox")
    String sandbox(@PathVariable String token, @RequestParam String outcome, Locale locale) {
        limit.check(token);
        return step.sandboxChoice(token, outcome) == YotiShareService.Outcome.PASSED
                ? signing(token, locale)
                : back(token, locale);
    }

    /**
     * Where Yoti sends a phone's browser after the share (its redirect URI, with a {@code receiptId}
     * that is not trusted: the session is asked instead).
     */
    @GetMapping("/sign/{token}/yoti/done")
    String done(@PathVariable String token, Locale locale) {
        limit.check(token);
        return step.check(token) == YotiShareService.Outcome.PASSED ? signing(token, locale) : back(token, locale);
    }

    /**
     * What the page's script polls: {@code {"stage": waiting|passed|refused|ended|down|none}}. Not
     * counted against the link's limit: Yoti is asked about a session at most every 2 seconds however
     * often this is called.
     */
    @GetMapping("/sign/{token}/yoti/status")
    @ResponseBody
    ResponseEntity<Map<String, Object>> status(@PathVariable String token) {
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("stage", stage(step.check(token)));
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(answer);
    }

    /** The open Yoti session's link as a QR code. */
    @GetMapping(path = "/sign/{token}/yoti/qr.svg", produces = "image/svg+xml")
    ResponseEntity<String> qr(@PathVariable String token) {
        return step.shareUri(token)
                .map(uri -> ResponseEntity.ok()
                        .cacheControl(CacheControl.noStore())
                        .contentType(MediaType.parseMediaType("image/svg+xml"))
                        .body(QrCodes.svg(uri)))
                .orElse(ResponseEntity.notFound().build());
    }

    /** The recipient API's "Yoti start": {@code {"stage", "provider", "share_uri", "tries_left"}}. */
    @PostMapping("/v2/signing/{token}/yoti/start")
    @ResponseBody
    ResponseEntity<Map<String, Object>> apiStart(@PathVariable String token) {
        limit.check(token);
        Optional<YotiShareService.Stage> stage = step.start(token);
        Map<String, Object> answer = new LinkedHashMap<>();
        if (stage.isEmpty()) {
            answer.put("stage", "done");
        } else if (stage.get() instanceof YotiShareService.Open open) {
            answer.put("stage", "share");
            answer.put("provider", open.provider());
            answer.put("share_uri", open.shareUri());
            answer.put("tries_left", open.triesLeft());
            answer.put("last_outcome", open.lastOutcome());
        } else if (stage.get() instanceof YotiShareService.LimitReached reached) {
            throw ApiException.conflict(
                    "YOTI_SHARE_LIMIT_REACHED",
                    "You have shared another email address " + reached.limit()
                            + " times; ask the sender to check the address they invited");
        } else {
            throw new ApiException(
                    HttpStatus.SERVICE_UNAVAILABLE,
                    "YOTI_UNAVAILABLE",
                    "Yoti cannot be reached; try again in a few minutes");
        }
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(answer);
    }

    private static String stage(YotiShareService.Outcome outcome) {
        return switch (outcome) {
            case PASSED -> "passed";
            case EMAIL_MISMATCH -> "refused";
            case ENDED -> "ended";
            case PROVIDER_DOWN -> "down";
            case NO_SESSION -> "none";
            case WAITING -> "waiting";
        };
    }

    private String render(
            String token,
            Optional<YotiShareService.Stage> stage,
            boolean notYet,
            Locale locale,
            Model model,
            HttpServletResponse response) {
        if (stage.isEmpty()) {
            return signing(token, locale);
        }
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        model.addAttribute("token", token);
        model.addAttribute("lang", locale.getLanguage());
        model.addAttribute("notYet", notYet);
        model.addAttribute("attributes", step.requestedAttributes(token));
        YotiShareService.Stage s = stage.get();
        if (s instanceof YotiShareService.Open open) {
            model.addAttribute("state", open.provider().equals("sandbox") ? "sandbox" : "yoti");
            model.addAttribute("shareUri", open.shareUri());
            model.addAttribute("triesLeft", open.triesLeft());
            model.addAttribute("lastOutcome", open.lastOutcome());
        } else if (s instanceof YotiShareService.Ready ready) {
            model.addAttribute("state", "ready");
            model.addAttribute("triesLeft", ready.triesLeft());
            model.addAttribute("lastOutcome", ready.lastOutcome());
        } else if (s instanceof YotiShareService.LimitReached reached) {
            model.addAttribute("state", "limit");
            model.addAttribute("limit", reached.limit());
        } else {
            model.addAttribute("state", "down");
        }
        return "sign/yoti";
    }

    private static String back(String token, Locale locale) {
        return "redirect:/sign/" + token + "/yoti?lang=" + locale.getLanguage();
    }

    private static String signing(String token, Locale locale) {
        return "redirect:/sign/" + token + "?lang=" + locale.getLanguage();
    }
}
