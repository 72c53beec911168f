package dev.signet.portal;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The pages before a session: log in, forgot password, set a password through a link (an
 * invitation or a reset). A wrong address, a wrong password, a deactivated and a locked account get
 * the same sentence, so the page tells no one which addresses have accounts.
 */
@Controller
class LoginController {

    private final PortalAccess access;

    LoginController(PortalAccess access) {
        this.access = access;
    }

    @GetMapping("/portal/login")
    String loginPage(
            Model model, @RequestParam Optional<String> loggedOut, @RequestParam Optional<String> passwordSet) {
        Pages.language(model);
        model.addAttribute("loggedOut", loggedOut.isPresent());
        model.addAttribute("passwordSet", passwordSet.isPresent());
        return "portal/login";
    }

    @PostMapping("/portal/login")
    String login(
            @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String password,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        PortalAccess.Login outcome = access.login(email, password, request.getRemoteAddr());
        if (outcome instanceof PortalAccess.Login.Success success) {
            return loggedIn(success.user(), request, response);
        }
        if (outcome instanceof PortalAccess.Login.SecondFactor second) {
            // Not logged in yet: the new session only remembers whose code is awaited, for a few minutes.
            newSession(request).setAttribute(PENDING, new Pending(second.user().id(), System.currentTimeMillis()));
            return "redirect:/portal/login/code";
        }
        Pages.language(model);
        model.addAttribute("email", email.length() <= 320 ? email : "");
        return refused(outcome, response, model, "portal/login");
    }

    static final String PENDING = "dev.signet.portal.pendingSecondFactor";
    static final long PENDING_MILLIS = 5 * 60 * 1000;

    /** Whose password was right, and when: the second step must follow within {@link #PENDING_MILLIS}. */
    record Pending(java.util.UUID userId, long since) implements java.io.Serializable {}

    @GetMapping("/portal/login/code")
    String codePage(HttpServletRequest request, Model model) {
        if (pending(request).isEmpty()) {
            return "redirect:/portal/login";
        }
        Pages.language(model);
        return "portal/code";
    }

    @PostMapping("/portal/login/code")
    String code(
            @RequestParam(defaultValue = "") String code,
            HttpServletRequest request,
            HttpServletResponse response,
            Model model) {
        Optional<Pending> pending = pending(request);
        if (pending.isEmpty()) {
            return "redirect:/portal/login";
        }
        PortalAccess.Login outcome = access.secondFactor(pending.get().userId(), code, request.getRemoteAddr());
        if (outcome instanceof PortalAccess.Login.Success success) {
            return loggedIn(success.user(), request, response);
        }
        Pages.language(model);
        return refused(outcome, response, model, "portal/code");
    }

    private static Optional<Pending> pending(HttpServletRequest request) {
        HttpSession session = request.getSession(false);
        Object value = session == null ? null : session.getAttribute(PENDING);
        return value instanceof Pending p && System.currentTimeMillis() - p.since() < PENDING_MILLIS
                ? Optional.of(p)
                : Optional.empty();
    }

    /** A new session for the new identity: nothing from before (CSRF token, a fixed session id) carries over. */
    private static HttpSession newSession(HttpServletRequest request) {
        HttpSession before = request.getSession(false);
        if (before != null) {
            before.invalidate();
        }
        return request.getSession(true);
    }

    /** Logs the user in with a new session (also after single sign-on, {@link SsoController}). */
    static String loggedIn(PortalUser user, HttpServletRequest request, HttpServletResponse response) {
        newSession(request);
        SecurityContext context = SecurityContextHolder.createEmptyContext();
        context.setAuthentication(PortalSecurity.authentication(user));
        SecurityContextHolder.setContext(context);
        PortalSecurity.SESSIONS.saveContext(context, request, response);
        return "redirect:/portal/envelopes";
    }

    private static String refused(PortalAccess.Login outcome, HttpServletResponse response, Model model, String view) {
        if (outcome instanceof PortalAccess.Login.Throttled throttled) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader("Retry-After", Long.toString(throttled.retryAfterSeconds()));
            model.addAttribute("error", "portal.login.throttled");
            model.addAttribute("retryMinutes", Math.max(1, (throttled.retryAfterSeconds() + 59) / 60));
        } else if (outcome instanceof PortalAccess.Login.SingleSignOnOnly only) {
            response.setStatus(HttpStatus.FORBIDDEN.value());
            model.addAttribute("error", "portal.login.ssoOnly");
            model.addAttribute("ssoOrganisation", only.organisationId());
        } else {
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            model.addAttribute("error", "portal/code".equals(view) ? "portal.code.refused" : "portal.login.refused");
        }
        return view;
    }

    @GetMapping("/portal/forgot")
    String forgotPage(Model model) {
        Pages.language(model);
        return "portal/forgot";
    }

    @PostMapping("/portal/forgot")
    String forgot(
            @RequestParam(defaultValue = "") String email,
            HttpServletRequest request,
            HttpServletResponse response,
            Locale locale,
            Model model) {
        OptionalLong wait = access.requestReset(email, request.getRemoteAddr(), locale);
        Pages.language(model);
        if (wait.isPresent()) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader("Retry-After", Long.toString(wait.getAsLong()));
            model.addAttribute("error", "portal.login.throttled");
            model.addAttribute("retryMinutes", Math.max(1, (wait.getAsLong() + 59) / 60));
        } else {
            model.addAttribute("sent", true);
        }
        return "portal/forgot";
    }

    @GetMapping("/portal/password/{token}")
    String passwordPage(@PathVariable String token, HttpServletResponse response, Model model) {
        Pages.language(model);
        if (!access.linkOpen(token)) {
            response.setStatus(HttpStatus.GONE.value());
            model.addAttribute("closed", true);
        }
        model.addAttribute("token", token);
        return "portal/password";
    }

    @PostMapping("/portal/password/{token}")
    String setPassword(
            @PathVariable String token,
            @RequestParam(defaultValue = "") String password,
            @RequestParam(defaultValue = "") String confirmation,
            HttpServletResponse response,
            Model model) {
        Pages.language(model);
        model.addAttribute("token", token);
        String problem = Passwords.problem(password, confirmation);
        if (problem != null) {
            response.setStatus(HttpStatus.UNPROCESSABLE_ENTITY.value());
            model.addAttribute("error", problem);
            model.addAttribute("closed", !access.linkOpen(token));
            return "portal/password";
        }
        if (access.setPassword(token, password).isEmpty()) {
            response.setStatus(HttpStatus.GONE.value());
            model.addAttribute("closed", true);
            return "portal/password";
        }
        return "redirect:/portal/login?passwordSet";
    }

    /** Where the chain sends a request whose role, organisation or CSRF token does not allow it (403). */
    @GetMapping("/portal/denied")
    String denied(Model model) {
        Pages.language(model);
        return "portal/denied";
    }

    @PostMapping("/portal/denied")
    String deniedAfterPost(Model model) {
        return denied(model);
    }
}
