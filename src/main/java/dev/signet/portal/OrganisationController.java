package dev.signet.portal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.SignetProperties;
import dev.signet.account.AccountService;
import dev.signet.account.Branding;
import dev.signet.account.EmbeddingSettings;
import dev.signet.account.Mode;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Running the organisation (admins only; {@link PortalSecurity} guards the paths and every action
 * checks the role again): API keys (create with a name and mode, shown once; revoke at once) and the
 * name, branding and framing origins. Keys go through {@link AccountService}; branding and origins
 * through {@link EmbeddingSettings#check}, the same rules as {@code PUT /v2/embedding}.
 */
@Controller
class OrganisationController {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

    /** The origins text area: a few origins, one per line; longer input is refused unread. */
    static final int ORIGINS_TEXT_MAX = 4000;

    private final AccountService accounts;
    private final EmbeddingSettings embedding;
    private final SignetProperties properties;

    OrganisationController(AccountService accounts, EmbeddingSettings embedding, SignetProperties properties) {
        this.accounts = accounts;
        this.embedding = embedding;
        this.properties = properties;
    }

    @GetMapping("/portal/organisation/keys")
    String keys(@AuthenticationPrincipal PortalUser user, Model model) {
        admin(user);
        Pages.shell(user, "organisation", model, accounts);
        model.addAttribute("sub", "keys");
        model.addAttribute(
                "keys",
                accounts.apiKeys(user.organisationId()).stream()
                        .map(k -> Map.of(
                                "id", k.id().toString(),
                                "name", k.name() == null ? "" : k.name(),
                                "mode", k.mode().dbValue(),
                                "prefix", k.prefix(),
                                "created", WHEN.format(k.createdAt().withOffsetSameInstant(ZoneOffset.UTC)),
                                "lastUsed",
                                        k.lastUsedAt()
                                                .map(t -> WHEN.format(t.withOffsetSameInstant(ZoneOffset.UTC)))
                                                .orElse("")))
                        .toList());
        model.addAttribute("modes", List.of(Mode.SANDBOX.dbValue(), Mode.LIVE.dbValue()));
        model.addAttribute("nameMax", AccountService.KEY_NAME_MAX);
        return "portal/keys";
    }

    /** Answers with the page itself, the new key on it: it is shown this once and kept nowhere, not even in the session. */
    @PostMapping("/portal/organisation/keys")
    String createKey(
            @AuthenticationPrincipal PortalUser user,
            @RequestParam(defaultValue = "") String name,
            @RequestParam(defaultValue = "") String mode,
            jakarta.servlet.http.HttpServletResponse response,
            Model model) {
        admin(user);
        Optional<Mode> chosen = mode(mode);
        if (chosen.isEmpty()) {
            response.setStatus(422);
            model.addAttribute("error", "portal.keys.invalidMode");
            return keys(user, model);
        }
        AccountService.NewKey made = accounts.createNamedApiKey(user.organisationId(), chosen.get(), name);
        if (made instanceof AccountService.NewKey.Refused refused) {
            response.setStatus(422);
            model.addAttribute(
                    "error",
                    refused.reason() == AccountService.KeyRefusal.TOO_MANY_KEYS
                            ? "portal.keys.tooMany"
                            : "portal.keys.invalidName");
            model.addAttribute("keyName", name.length() <= AccountService.KEY_NAME_MAX ? name : "");
            return keys(user, model);
        }
        model.addAttribute("newKey", ((AccountService.NewKey.Made) made).key());
        model.addAttribute("newKeyName", name.strip());
        return keys(user, model);
    }

    @PostMapping("/portal/organisation/keys/{id}/revoke")
    String revokeKey(@AuthenticationPrincipal PortalUser user, @PathVariable UUID id, RedirectAttributes redirect) {
        admin(user);
        boolean revoked = accounts.revokeApiKey(user.organisationId(), id);
        redirect.addFlashAttribute(
                revoked ? "notice" : "error", revoked ? "portal.keys.revoked" : "portal.keys.notRevoked");
        return "redirect:/portal/organisation/keys";
    }

    @GetMapping("/portal/organisation/branding")
    String branding(@AuthenticationPrincipal PortalUser user, @RequestParam Optional<String> mode, Model model) {
        admin(user);
        Mode shown = mode.flatMap(OrganisationController::mode).orElse(defaultMode());
        Pages.shell(user, "organisation", model, accounts);
        model.addAttribute("sub", "branding");
        model.addAttribute("mode", shown.dbValue());
        model.addAttribute("modes", List.of(Mode.SANDBOX.dbValue(), Mode.LIVE.dbValue()));
        EmbeddingSettings.Settings settings = embedding.of(user.organisationId(), shown);
        if (!model.containsAttribute("origins")) {
            model.addAttribute("origins", String.join("\n", settings.allowedOrigins()));
        }
        if (!model.containsAttribute("primaryColor")) {
            model.addAttribute(
                    "primaryColor",
                    settings.branding().primaryColor() == null
                            ? ""
                            : settings.branding().primaryColor());
        }
        model.addAttribute("hasLogo", settings.branding().logoPng() != null);
        model.addAttribute(
                "logoData",
                settings.branding().logoPng() == null
                        ? ""
                        : "data:image/png;base64,"
                                + Base64.getEncoder()
                                        .encodeToString(settings.branding().logoPng()));
        model.addAttribute("logoKb", Branding.MAX_LOGO_BYTES / 1024);
        model.addAttribute("maxOrigins", EmbeddingSettings.MAX_ORIGINS);
        model.addAttribute("nameMax", AccountService.ORGANISATION_NAME_MAX);
        return "portal/branding";
    }

    @PostMapping("/portal/organisation/name")
    String rename(
            @AuthenticationPrincipal PortalUser user,
            @RequestParam(defaultValue = "") String name,
            RedirectAttributes redirect) {
        admin(user);
        boolean renamed = accounts.renameOrganisation(user.organisationId(), name);
        redirect.addFlashAttribute(
                renamed ? "notice" : "error", renamed ? "portal.branding.renamed" : "portal.branding.invalidName");
        return "redirect:/portal/organisation/branding";
    }

    /**
     * Saves one mode's branding and framing origins. The form's fields become the same JSON object
     * {@code PUT /v2/embedding} takes and pass the same {@link EmbeddingSettings#check}; what the form
     * does not show (other colours, the logo choice) is kept as it was.
     */
    @PostMapping("/portal/organisation/branding")
    String saveBranding(
            @AuthenticationPrincipal PortalUser user,
            @RequestParam(defaultValue = "") String mode,
            @RequestParam(defaultValue = "") String origins,
            @RequestParam(name = "primary_color", defaultValue = "") String primaryColor,
            @RequestParam(name = "remove_logo", defaultValue = "false") boolean removeLogo,
            @RequestParam(name = "logo", required = false) MultipartFile logo,
            jakarta.servlet.http.HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        admin(user);
        Optional<Mode> chosen = mode(mode);
        if (chosen.isEmpty()) {
            response.setStatus(422);
            model.addAttribute("problems", List.of("mode: must be sandbox or live"));
            return branding(user, Optional.empty(), model);
        }
        Mode m = chosen.get();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode list = body.putArray("allowed_origins");
        List<String> problems = new java.util.ArrayList<>();
        if (origins.length() > ORIGINS_TEXT_MAX) {
            problems.add("allowed_origins: at most " + EmbeddingSettings.MAX_ORIGINS + " origins, one per line");
        } else {
            origins.lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .limit(100)
                    .forEach(list::add);
        }
        ObjectNode branding = embedding.of(user.organisationId(), m).branding().toJson();
        if (primaryColor.isBlank()) {
            branding.remove("primary_color");
        } else {
            branding.put("primary_color", primaryColor.strip());
        }
        ObjectNode logoOptions = branding.has("logo_options")
                ? (ObjectNode) branding.get("logo_options")
                : JsonNodeFactory.instance.objectNode();
        if (removeLogo) {
            logoOptions.remove("logo_base64");
        }
        if (logo != null && !logo.isEmpty()) {
            Optional<byte[]> bytes = upload(logo);
            if (bytes.isEmpty()) {
                problems.add("logo: must be a PNG of at most " + Branding.MAX_LOGO_BYTES / 1024 + " KB");
            } else {
                logoOptions.put("logo_base64", Base64.getEncoder().encodeToString(bytes.get()));
            }
        }
        if (logoOptions.isEmpty()) {
            branding.remove("logo_options");
        } else {
            branding.set("logo_options", logoOptions);
        }
        body.set("branding", branding);
        EmbeddingSettings.Checked checked = EmbeddingSettings.check(body, m == Mode.SANDBOX);
        if (checked instanceof EmbeddingSettings.Checked.Invalid invalid) {
            invalid.problems().forEach(p -> problems.add(p.field() + ": " + p.message()));
        }
        if (!problems.isEmpty()) {
            response.setStatus(422);
            model.addAttribute("problems", problems);
            model.addAttribute("origins", origins.length() <= ORIGINS_TEXT_MAX ? origins : "");
            model.addAttribute("primaryColor", primaryColor.length() <= 100 ? primaryColor : "");
            return branding(user, Optional.of(m.dbValue()), model);
        }
        EmbeddingSettings.Checked.Valid valid = (EmbeddingSettings.Checked.Valid) checked;
        embedding.save(user.organisationId(), m, valid.allowedOrigins(), valid.branding());
        redirect.addFlashAttribute("notice", "portal.branding.saved");
        redirect.addAttribute("mode", m.dbValue());
        return "redirect:/portal/organisation/branding";
    }

    /** The uploaded bytes, read no further than one byte past the limit; empty when too large. */
    private static Optional<byte[]> upload(MultipartFile file) {
        if (file.getSize() > Branding.MAX_LOGO_BYTES) {
            return Optional.empty();
        }
        try (InputStream in = file.getInputStream()) {
            byte[] bytes = in.readNBytes(Branding.MAX_LOGO_BYTES + 1);
            return bytes.length > Branding.MAX_LOGO_BYTES ? Optional.empty() : Optional.of(bytes);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private Mode defaultMode() {
        return properties.embedded() ? Mode.SANDBOX : Mode.LIVE;
    }

    private static Optional<Mode> mode(String value) {
        return "sandbox".equals(value)
                ? Optional.of(Mode.SANDBOX)
                : "live".equals(value) ? Optional.of(Mode.LIVE) : Optional.empty();
    }

    /** The paths are admin-only already; a change of role since login applies here at once too. */
    private static void admin(PortalUser user) {
        if (user == null || user.role() != Role.ADMIN) {
            throw new AccessDeniedException("Only an admin runs the organisation");
        }
    }
}
