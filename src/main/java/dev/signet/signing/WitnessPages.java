package dev.signet.signing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.web.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The small page where a signer names their witness after signing, and corrects them from the link
 * in their email (reference 4.3): a plain form, no script, posted to the same address.
 */
@Controller
class WitnessPages {

    private static final List<String> FIELDS = List.of("name", "email", "iso_country_code", "mobile_number");

    private final WitnessStep step;
    private final TokenRateLimit limit;
    private final ObjectMapper json;

    WitnessPages(WitnessStep step, TokenRateLimit limit, ObjectMapper json) {
        this.step = step;
        this.limit = limit;
        this.json = json;
    }

    @GetMapping("/sign/{token}/witness")
    String page(
            @PathVariable String token,
            @RequestParam(required = false) String saved,
            Locale locale,
            Model model,
            HttpServletResponse response) {
        try {
            WitnessStep.WitnessJson witness = step.show(token);
            model.addAttribute("witness", witness);
            model.addAttribute("form", witness);
            model.addAttribute("saved", saved != null);
            return render(witness.state(), token, locale, model, response);
        } catch (ApiException e) {
            response.setStatus(e.status().value());
            model.addAttribute("error", e.getMessage());
            return render("unavailable", token, locale, model, response);
        }
    }

    @PostMapping(path = "/sign/{token}/witness", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    String name(
            @PathVariable String token,
            @RequestParam Map<String, String> form,
            Locale locale,
            Model model,
            HttpServletResponse response) {
        limit.check(token);
        ObjectNode details = json.createObjectNode();
        FIELDS.forEach(field -> {
            String value = form.get(field);
            if (value != null && !value.isBlank()) {
                details.put(field, value.strip());
            }
        });
        try {
            step.name(token, details);
            return "redirect:/sign/" + token + "/witness?saved&lang=" + locale.getLanguage();
        } catch (ApiException e) {
            WitnessStep.WitnessJson current;
            try {
                current = step.show(token);
            } catch (ApiException gone) {
                response.setStatus(gone.status().value());
                model.addAttribute("error", gone.getMessage());
                return render("unavailable", token, locale, model, response);
            }
            response.setStatus(e.status().value());
            model.addAttribute("witness", current);
            model.addAttribute(
                    "form",
                    new WitnessStep.WitnessJson(
                            current.state(),
                            form.get("name"),
                            form.get("email"),
                            form.get("iso_country_code"),
                            form.get("mobile_number")));
            model.addAttribute("saved", false);
            model.addAttribute("error", e.getMessage());
            model.addAttribute("fieldErrors", e.errors());
            return render(current.state(), token, locale, model, response);
        }
    }

    private static String render(String state, String token, Locale locale, Model model, HttpServletResponse response) {
        response.setHeader(HttpHeaders.CACHE_CONTROL, "no-store");
        model.addAttribute("state", state);
        model.addAttribute("token", token);
        model.addAttribute("lang", locale.getLanguage());
        model.addAttribute(
                "fieldErrors",
                model.getAttribute("fieldErrors") == null ? List.of() : model.getAttribute("fieldErrors"));
        return "sign/witness";
    }
}
