package dev.signet.portal;

import dev.signet.SignetProperties;
import dev.signet.account.AccountService;
import dev.signet.envelope.Envelopes;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The portal after login: the shell (organisation, navigation) and the organisation's people (the envelope
 * list and page are {@link TrackController}'s, Send {@link SendController}'s, templates {@link TemplatePages}'). Every read is of the logged-in
 * user's organisation; every change goes through {@link PortalAccess}, which checks role and
 * organisation again. The envelope list and pages are {@link TrackController}'s.
 */
@Controller
class PortalController {

    private final Envelopes envelopes;
    private final AccountService accounts;
    private final PortalUsers users;
    private final PortalAccess access;
    private final SignetProperties properties;

    PortalController(
            Envelopes envelopes,
            AccountService accounts,
            PortalUsers users,
            PortalAccess access,
            SignetProperties properties) {
        this.envelopes = envelopes;
        this.accounts = accounts;
        this.users = users;
        this.access = access;
        this.properties = properties;
    }

    @GetMapping({"/portal", "/portal/"})
    String home() {
        return "redirect:/portal/envelopes";
    }

    @GetMapping("/portal/organisation")
    String organisation(@AuthenticationPrincipal PortalUser user, Model model) {
        shell(user, "organisation", model);
        model.addAttribute(
                "users",
                users.ofOrganisation(user.organisationId()).stream()
                        .map(u -> Map.of(
                                "id", u.id().toString(),
                                "email", u.email(),
                                "role", u.role().key(),
                                "state", !u.active() ? "inactive" : u.hasPassword() ? "active" : "invitedState",
                                "changeable", u.active() && !u.id().equals(user.id())))
                        .toList());
        model.addAttribute("roles", Arrays.stream(Role.values()).map(Role::key).toList());
        return "portal/organisation";
    }

    @PostMapping("/portal/organisation/users")
    String invite(
            @AuthenticationPrincipal PortalUser user,
            @RequestParam(defaultValue = "") String email,
            @RequestParam(defaultValue = "") String role,
            Locale locale,
            RedirectAttributes redirect) {
        PortalAccess.Invite outcome = access.invite(user, email, role, locale);
        if (outcome instanceof PortalAccess.Invite.Refused refused) {
            redirect.addFlashAttribute("error", refused.problem());
            redirect.addFlashAttribute("inviteEmail", email.length() <= 320 ? email : "");
        } else {
            redirect.addFlashAttribute("notice", "portal.users.invited");
            redirect.addFlashAttribute("noticeArg", email.trim());
        }
        return "redirect:/portal/organisation";
    }

    @PostMapping("/portal/organisation/users/{id}/role")
    String changeRole(
            @AuthenticationPrincipal PortalUser user,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String role,
            RedirectAttributes redirect) {
        boolean changed = access.changeRole(user, id, role);
        redirect.addFlashAttribute(
                changed ? "notice" : "error", changed ? "portal.users.roleChanged" : "portal.users.notChanged");
        return "redirect:/portal/organisation";
    }

    @PostMapping("/portal/organisation/users/{id}/deactivate")
    String deactivate(@AuthenticationPrincipal PortalUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        boolean changed = access.deactivate(user, id);
        redirect.addFlashAttribute(
                changed ? "notice" : "error", changed ? "portal.users.deactivated" : "portal.users.notChanged");
        return "redirect:/portal/organisation";
    }

    /** The user's own account: the optional second factor (TOTP). */
    @GetMapping("/portal/account")
    String account(@AuthenticationPrincipal PortalUser user, Model model) {
        shell(user, "account", model);
        model.addAttribute("totpEnabled", access.totpEnabled(user));
        access.pendingTotpSecret(user).ifPresent(secret -> {
            model.addAttribute("totpSecret", secret);
            model.addAttribute("totpUri", Totp.uri(user.email(), secret));
        });
        return "portal/account";
    }

    @PostMapping("/portal/account/totp/start")
    String startTotp(@AuthenticationPrincipal PortalUser user) {
        if (!access.totpEnabled(user)) {
            access.startTotp(user);
        }
        return "redirect:/portal/account";
    }

    @PostMapping("/portal/account/totp/confirm")
    String confirmTotp(
            @AuthenticationPrincipal PortalUser user,
            @RequestParam(defaultValue = "") String code,
            jakarta.servlet.http.HttpServletResponse response,
            Model model) {
        Optional<java.util.List<String>> recovery = access.confirmTotp(user, code);
        if (recovery.isEmpty()) {
            response.setStatus(422);
            model.addAttribute("error", "portal.account.codeWrong");
            return account(user, model);
        }
        // Shown on this answer only: only their hashes are kept.
        model.addAttribute("recoveryCodes", recovery.get());
        return account(user, model);
    }

    @PostMapping("/portal/account/totp/disable")
    String disableTotp(
            @AuthenticationPrincipal PortalUser user,
            @RequestParam(defaultValue = "") String code,
            RedirectAttributes redirect) {
        boolean off = access.disableTotp(user, code);
        redirect.addFlashAttribute(
                off ? "notice" : "error", off ? "portal.account.totpOff" : "portal.account.codeWrong");
        return "redirect:/portal/account";
    }

    private void shell(PortalUser user, String section, Model model) {
        Pages.shell(user, section, model, accounts);
    }
}
