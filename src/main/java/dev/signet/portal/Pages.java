package dev.signet.portal;

import dev.signet.account.AccountService;
import java.util.List;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.ui.Model;

/** What every portal page shows whatever its content: the language it is in and the others on offer. */
final class Pages {

    static final List<String> LANGUAGES = List.of("en", "de");

    private Pages() {}

    static void language(Model model) {
        String lang = LocaleContextHolder.getLocale().getLanguage();
        model.addAttribute("lang", LANGUAGES.contains(lang) ? lang : "en");
        model.addAttribute("languages", LANGUAGES);
        model.addAttribute("minLength", Passwords.MIN_LENGTH);
        // The language links lead to this page again; the path only, never the query.
        model.addAttribute(
                "path",
                org.springframework.web.servlet.support.ServletUriComponentsBuilder.fromCurrentRequestUri()
                        .build()
                        .getPath());
    }

    /** The header and navigation: the organisation's name, who is logged in, what their role lets them reach. */
    static void shell(PortalUser user, String section, Model model, AccountService accounts) {
        language(model);
        model.addAttribute("meEmail", user.email());
        model.addAttribute("meRole", user.role().key());
        model.addAttribute("section", section);
        model.addAttribute("maySend", user.role().maySend());
        model.addAttribute("isAdmin", user.role() == Role.ADMIN);
        model.addAttribute(
                "organisationName",
                accounts.organisation(user.organisationId())
                        .map(AccountService.Organisation::name)
                        .orElse(""));
    }
}
