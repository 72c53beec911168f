package dev.signet.portal;

import dev.signet.SignetProperties;
import dev.signet.account.AccountService;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/**
 * The admin page of the organisation's single sign-on ({@code /portal/organisation/sso}): the
 * provider (checked by reading its discovery document before anything is saved), the client, the
 * email domains, whether senders and viewers keep their password, and what an unknown verified
 * address becomes. The client secret is write-only: the page never shows it again.
 */
@Controller
class SsoSettingsController {

    static final int MAX_DOMAINS = 20;
    static final int TEXT_MAX = 4000;
    static final int SECRET_MAX = 1000;
    static final int NAME_MAX = 80;

    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)+");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7e]{1,255}");

    private final SsoSettings settings;
    private final OidcClient client;
    private final AccountService accounts;
    private final SignetProperties properties;

    SsoSettingsController(
            SsoSettings settings, OidcClient client, AccountService accounts, SignetProperties properties) {
        this.settings = settings;
        this.client = client;
        this.accounts = accounts;
        this.properties = properties;
    }

    @GetMapping("/portal/organisation/sso")
    String page(@AuthenticationPrincipal PortalUser user, Model model) {
        admin(user);
        Pages.shell(user, "organisation", model, accounts);
        model.addAttribute("sub", "sso");
        Optional<SsoSettings.Sso> sso = settings.of(user.organisationId());
        model.addAttribute("configured", sso.isPresent());
        if (!model.containsAttribute("issuer")) {
            model.addAttribute("issuer", sso.map(SsoSettings.Sso::issuer).orElse(""));
            model.addAttribute(
                    "providerName", sso.map(SsoSettings.Sso::providerName).orElse(""));
            model.addAttribute("clientId", sso.map(SsoSettings.Sso::clientId).orElse(""));
            model.addAttribute(
                    "domains", sso.map(s -> String.join("\n", s.domains())).orElse(""));
            model.addAttribute(
                    "passwordLogin", sso.map(SsoSettings.Sso::passwordLogin).orElse(true));
            model.addAttribute(
                    "unknownUsers",
                    sso.map(SsoSettings.Sso::unknownUsers)
                            .orElse(SsoSettings.UnknownUsers.REFUSE)
                            .key());
        }
        model.addAttribute(
                "unknownOptions",
                Arrays.stream(SsoSettings.UnknownUsers.values())
                        .map(SsoSettings.UnknownUsers::key)
                        .toList());
        model.addAttribute(
                "redirectUri",
                ServletUriComponentsBuilder.fromCurrentContextPath()
                        .path("/portal/sso/callback")
                        .build()
                        .toUriString());
        model.addAttribute("loginUrl", properties.publicUrl() + "/portal/sso/" + user.organisationId());
        model.addAttribute("maxDomains", MAX_DOMAINS);
        model.addAttribute("nameMax", NAME_MAX);
        return "portal/sso-settings";
    }

    @PostMapping("/portal/organisation/sso")
    String save(
            @AuthenticationPrincipal PortalUser user,
            @RequestParam(defaultValue = "") String issuer,
            @RequestParam(name = "provider_name", defaultValue = "") String providerName,
            @RequestParam(name = "client_id", defaultValue = "") String clientId,
            @RequestParam(name = "client_secret", defaultValue = "") String clientSecret,
            @RequestParam(defaultValue = "") String domains,
            @RequestParam(name = "password_login", defaultValue = "false") boolean passwordLogin,
            @RequestParam(name = "unknown_users", defaultValue = "") String unknownUsers,
            jakarta.servlet.http.HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        admin(user);
        UUID organisationId = user.organisationId();
        boolean hasSecret = settings.of(organisationId).isPresent();
        List<Map<String, String>> problems = new ArrayList<>();
        String issuerUrl = issuer.strip();
        if (issuerUrl.isEmpty()
                || issuerUrl.length() > 500
                || client.problem(issuerUrl).isPresent()) {
            problems.add(problem("portal.sso.problem.issuer", ""));
        }
        String id = clientId.strip();
        if (!PRINTABLE.matcher(id).matches()) {
            problems.add(problem("portal.sso.problem.clientId", ""));
        }
        String secret = clientSecret.strip();
        if ((secret.isEmpty() && !hasSecret) || secret.length() > SECRET_MAX) {
            problems.add(problem("portal.sso.problem.secret", ""));
        }
        String name = providerName.strip();
        if (name.length() > NAME_MAX || name.chars().anyMatch(Character::isISOControl)) {
            problems.add(problem("portal.sso.problem.providerName", Integer.toString(NAME_MAX)));
        }
        List<String> domainList = domains(domains, problems);
        Optional<SsoSettings.UnknownUsers> unknown = SsoSettings.UnknownUsers.parse(unknownUsers);
        if (unknown.isEmpty()) {
            problems.add(problem("portal.sso.problem.unknownUsers", ""));
        }
        for (String domain : domainList) {
            Optional<UUID> owner = settings.organisationOfDomain(domain);
            if (owner.isPresent() && !owner.get().equals(organisationId)) {
                problems.add(problem("portal.sso.problem.domainTaken", domain));
            }
        }
        OidcClient.Discovery provider = null;
        if (problems.isEmpty()) {
            try {
                // Nothing is saved that cannot be used: the provider must answer now, as the sign-on will ask it.
                provider = client.discover(issuerUrl);
            } catch (OidcClient.Failed failed) {
                problems.add(problem("portal.sso.problem.provider", failed.getMessage()));
            }
        }
        if (problems.isEmpty()) {
            try {
                boolean saved = settings.save(
                        organisationId,
                        provider.issuer(),
                        name.isEmpty() ? URI.create(provider.issuer()).getHost() : name,
                        id,
                        secret.isEmpty() ? null : secret,
                        domainList,
                        passwordLogin,
                        unknown.get());
                if (!saved) {
                    problems.add(problem("portal.sso.problem.secret", ""));
                }
            } catch (DuplicateKeyException raced) {
                problems.add(problem("portal.sso.problem.domainTaken", String.join(", ", domainList)));
            }
        }
        if (!problems.isEmpty()) {
            response.setStatus(422);
            model.addAttribute("problems", problems);
            model.addAttribute("issuer", issuerUrl.length() <= 500 ? issuerUrl : "");
            model.addAttribute("providerName", name.length() <= NAME_MAX ? name : "");
            model.addAttribute("clientId", id.length() <= 255 ? id : "");
            model.addAttribute("domains", domains.length() <= TEXT_MAX ? domains : "");
            model.addAttribute("passwordLogin", passwordLogin);
            model.addAttribute(
                    "unknownUsers", unknown.map(SsoSettings.UnknownUsers::key).orElse("refuse"));
            return page(user, model);
        }
        redirect.addFlashAttribute("notice", "portal.sso.saved");
        return "redirect:/portal/organisation/sso";
    }

    @PostMapping("/portal/organisation/sso/remove")
    String remove(@AuthenticationPrincipal PortalUser user, RedirectAttributes redirect) {
        admin(user);
        settings.remove(user.organisationId());
        redirect.addFlashAttribute("notice", "portal.sso.removed");
        return "redirect:/portal/organisation/sso";
    }

    /** The domains typed one per line (commas and spaces also separate), lower-cased, each checked. */
    private static List<String> domains(String text, List<Map<String, String>> problems) {
        if (text.length() > TEXT_MAX) {
            problems.add(problem("portal.sso.problem.domains", Integer.toString(MAX_DOMAINS)));
            return List.of();
        }
        Set<String> found = new LinkedHashSet<>();
        for (String part : text.split("[\\s,;]+", MAX_DOMAINS * 4)) {
            String domain = part.strip().toLowerCase(Locale.ROOT);
            if (domain.isEmpty()) {
                continue;
            }
            if (!DOMAIN.matcher(domain).matches()) {
                problems.add(problem("portal.sso.problem.domain", domain.length() <= 253 ? domain : ""));
            } else {
                found.add(domain);
            }
        }
        if (found.isEmpty() || found.size() > MAX_DOMAINS) {
            problems.add(problem("portal.sso.problem.domains", Integer.toString(MAX_DOMAINS)));
        }
        return List.copyOf(found);
    }

    private static Map<String, String> problem(String key, String argument) {
        return Map.of("key", key, "arg", argument);
    }

    private static void admin(PortalUser user) {
        if (user == null || user.role() != Role.ADMIN) {
            throw new AccessDeniedException("Only an admin runs the organisation");
        }
    }
}
