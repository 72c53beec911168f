package dev.signet.portal;

import dev.signet.account.AccountService;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The sign-on pages before a session: find the organisation by the email's domain, the
 * organisation's page with its "Sign in with …" button ({@code /portal/sso/{organisation id}}, the
 * address an admin hands out), the start that sends the browser to the provider, and the callback
 * that logs the user in with a new session, or shows why not.
 */
@Controller
class SsoController {

    static final String PENDING = "dev.signet.portal.pendingSignOn";

    private final SsoSignOn signOn;
    private final SsoSettings settings;
    private final AccountService accounts;
    private final LoginThrottle throttle;

    SsoController(SsoSignOn signOn, SsoSettings settings, AccountService accounts, LoginThrottle throttle) {
        this.signOn = signOn;
        this.settings = settings;
        this.accounts = accounts;
        this.throttle = throttle;
    }

    @GetMapping("/portal/sso")
    String findPage(Model model) {
        Pages.language(model);
        return "portal/sso-find";
    }

    /** The address's domain leads to one organisation's page; the address itself goes nowhere (not into a URL). */
    @PostMapping("/portal/sso")
    String find(@RequestParam(defaultValue = "") String email, HttpServletResponse response, Model model) {
        String address = email.strip();
        int at = address.lastIndexOf('@');
        Optional<UUID> organisation = address.length() <= 320 && at > 0 && at < address.length() - 1
                ? settings.organisationOfDomain(address.substring(at + 1))
                : Optional.empty();
        if (organisation.isPresent()) {
            return "redirect:/portal/sso/" + organisation.get();
        }
        response.setStatus(HttpStatus.NOT_FOUND.value());
        Pages.language(model);
        model.addAttribute("email", address.length() <= 320 ? address : "");
        model.addAttribute("error", "portal.sso.noDomain");
        return "portal/sso-find";
    }

    @GetMapping("/portal/sso/{organisation}")
    String organisationPage(@PathVariable String organisation, HttpServletResponse response, Model model) {
        Optional<SsoSettings.Sso> sso = id(organisation).flatMap(settings::of);
        if (sso.isEmpty()) {
            return refusedPage(SsoSignOn.Refusal.NOT_CONFIGURED, null, response, model);
        }
        Pages.language(model);
        model.addAttribute("organisationId", sso.get().organisationId());
        model.addAttribute("providerName", sso.get().providerName());
        model.addAttribute(
                "organisationName",
                accounts.organisation(sso.get().organisationId())
                        .map(AccountService.Organisation::name)
                        .orElse(""));
        return "portal/sso";
    }

    /**
     * Sends the browser to the provider; the session remembers state, nonce and PKCE verifier for the
     * callback. A link, not a form: the pages' {@code form-action 'self'} would stop a form's redirect
     * to the provider, and a start forged by another site only sends the browser to sign in as itself
     * (the state ties the callback to this session).
     */
    @GetMapping("/portal/sso/{organisation}/start")
    String start(
            @PathVariable String organisation, HttpServletRequest request, HttpServletResponse response, Model model) {
        Optional<UUID> id = id(organisation);
        if (id.isEmpty()) {
            return refusedPage(SsoSignOn.Refusal.NOT_CONFIGURED, null, response, model);
        }
        // Each start costs requests to the provider: counted like a login attempt of this client.
        OptionalLong wait = throttle.login(request.getRemoteAddr(), "sso:" + id.get());
        if (wait.isPresent()) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader("Retry-After", Long.toString(wait.getAsLong()));
            Pages.language(model);
            model.addAttribute("error", "portal.login.throttled");
            model.addAttribute("retryMinutes", Math.max(1, (wait.getAsLong() + 59) / 60));
            return "portal/sso-find";
        }
        try {
            SsoSignOn.Started started = signOn.start(id.get(), callbackUri());
            request.getSession(true).setAttribute(PENDING, started.pending());
            return "redirect:" + started.authorizationUrl();
        } catch (SsoSignOn.Refused refused) {
            return refusedPage(refused.reason, id.get(), response, model);
        }
    }

    @GetMapping("/portal/sso/callback")
    String callback(
            @RequestParam Optional<String> code,
            @RequestParam Optional<String> state,
            @RequestParam Optional<String> error,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        HttpSession session = request.getSession(false);
        Optional<SsoSignOn.Pending> pending = Optional.empty();
        if (session != null && session.getAttribute(PENDING) instanceof SsoSignOn.Pending p) {
            pending = Optional.of(p);
            // One callback per start: a replayed or second answer finds nothing to match.
            session.removeAttribute(PENDING);
        }
        try {
            PortalUser user = signOn.finish(pending, state.orElse(null), code.orElse(null), error.orElse(null));
            return LoginController.loggedIn(user, request, response);
        } catch (SsoSignOn.Refused refused) {
            return refusedPage(
                    refused.reason,
                    pending.map(SsoSignOn.Pending::organisationId).orElse(null),
                    response,
                    model);
        }
    }

    private static String refusedPage(
            SsoSignOn.Refusal reason, UUID organisationId, HttpServletResponse response, Model model) {
        response.setStatus(status(reason).value());
        Pages.language(model);
        model.addAttribute("reason", reason.name());
        model.addAttribute("organisationId", organisationId);
        return "portal/sso-refused";
    }

    private static HttpStatus status(SsoSignOn.Refusal reason) {
        return switch (reason) {
            case NOT_CONFIGURED -> HttpStatus.NOT_FOUND;
            case STATE -> HttpStatus.BAD_REQUEST;
            case PROVIDER -> HttpStatus.BAD_GATEWAY;
            case SIGNATURE, ISSUER, AUDIENCE, EXPIRED, NONCE, EMAIL_UNVERIFIED -> HttpStatus.UNAUTHORIZED;
            case DOMAIN, OTHER_ORGANISATION, UNKNOWN_USER, DEACTIVATED -> HttpStatus.FORBIDDEN;
        };
    }

    /** The callback address, as the browser reached Signet (behind a proxy: with forwarded headers applied). */
    private static String callbackUri() {
        return ServletUriComponentsBuilder.fromCurrentContextPath()
                .path("/portal/sso/callback")
                .build()
                .toUriString();
    }

    private static Optional<UUID> id(String value) {
        try {
            return value.length() == 36 ? Optional.of(UUID.fromString(value)) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
