package dev.signet.portal;

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
}
