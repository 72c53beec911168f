package dev.signet.portal;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.SignetProperties;
import dev.signet.account.AccountService;
import dev.signet.account.Caller;
import dev.signet.account.Mode;
import dev.signet.template.Templates;
import dev.signet.web.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
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
 * The templates pages: the organisation's templates per mode, import (an exported JSON file),
 * export (download), the equivalent API request, and "send from template" (a person for each
 * role). Everything goes through {@link Templates}, the same service as {@code /v2/templates}, so a
 * refusal here is the API's refusal. Viewers read (list, export, API request); admins and senders
 * also import, send and delete ({@link PortalSecurity}, and checked again here).
 */
@Controller
class TemplatePages {

    private static final DateTimeFormatter CREATED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

    /** An export at the envelope's 20 MB of documents is larger; the API takes those (POST /v2/templates/import). */
    static final long MAX_IMPORT_BYTES = 25 * 1024 * 1024;

    /** Form inputs are people's names, addresses and numbers: far shorter than this. */
    private static final int FIELD_MAX = 400;

    private final Templates templates;
    private final AccountService accounts;
    private final SignetProperties properties;

    TemplatePages(Templates templates, AccountService accounts, SignetProperties properties) {
        this.templates = templates;
        this.accounts = accounts;
        this.properties = properties;
    }

    @GetMapping("/portal/templates")
    String list(@AuthenticationPrincipal PortalUser user, @RequestParam Optional<String> mode, Model model) {
        Mode shown = mode(mode);
        Pages.shell(user, "templates", model, accounts);
        model.addAttribute("mode", shown.dbValue());
        model.addAttribute(
                "rows",
                templates.list(caller(user, shown)).stream()
                        .map(t -> Map.of(
                                "id", t.templateId().toString(),
                                "name", t.name(),
                                "created", CREATED.format(t.createdAt().withOffsetSameInstant(ZoneOffset.UTC)),
                                "roles",
                                        t.roles().stream()
                                                .map(Templates.Role::role)
                                                .collect(Collectors.joining(", ")),
                                "documents",
                                        t.documents().stream()
                                                .map(Templates.Document::fileName)
                                                .collect(Collectors.joining(", "))))
                        .toList());
        model.addAttribute("maxImportMb", MAX_IMPORT_BYTES / (1024 * 1024));
        return "portal/templates";
    }

    @PostMapping("/portal/templates/import")
    String importFile(
            @AuthenticationPrincipal PortalUser user,
            @RequestParam(defaultValue = "") String mode,
            @RequestParam(name = "file", required = false) MultipartFile file,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        sender(user);
        Mode m = mode(Optional.of(mode));
        Optional<byte[]> bytes = file == null || file.isEmpty() ? Optional.empty() : read(file);
        if (bytes.isEmpty()) {
            response.setStatus(422);
            model.addAttribute("error", "portal.templates.importMissing");
            return list(user, Optional.of(m.dbValue()), model);
        }
        try {
            Templates.Template made = templates.importFile(caller(user, m), bytes.get());
            redirect.addFlashAttribute("notice", "portal.templates.imported");
            redirect.addFlashAttribute("noticeArg", made.name());
        } catch (ApiException refused) {
            response.setStatus(refused.status().value());
            model.addAttribute("problems", problems(refused));
            return list(user, Optional.of(m.dbValue()), model);
        }
        redirect.addAttribute("mode", m.dbValue());
        return "redirect:/portal/templates";
    }

    @GetMapping("/portal/templates/{id}/export")
    ResponseEntity<byte[]> export(
            @AuthenticationPrincipal PortalUser user, @PathVariable UUID id, @RequestParam Optional<String> mode) {
        byte[] file = templates.export(caller(user, mode(mode)), id);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"template-" + id + ".json\"")
                .body(file);
    }

    @GetMapping("/portal/templates/{id}/api-request")
    String apiRequest(
            @AuthenticationPrincipal PortalUser user,
            @PathVariable UUID id,
            @RequestParam Optional<String> mode,
            Model model) {
        Mode m = mode(mode);
        Caller caller = caller(user, m);
        Templates.Template template = templates.get(caller, id);
        Pages.shell(user, "templates", model, accounts);
        model.addAttribute("mode", m.dbValue());
        model.addAttribute("templateName", template.name());
        model.addAttribute("curl", templates.apiRequest(caller, id).curl());
        return "portal/template-api";
    }

    @GetMapping("/portal/templates/{id}/send")
    String sendForm(
            @AuthenticationPrincipal PortalUser user,
            @PathVariable UUID id,
            @RequestParam Optional<String> mode,
            Model model) {
        sender(user);
        Mode m = mode(mode);
        Templates.Template template = templates.get(caller(user, m), id);
        Pages.shell(user, "templates", model, accounts);
        model.addAttribute("mode", m.dbValue());
        model.addAttribute("templateId", id.toString());
        model.addAttribute("templateName", template.name());
        if (!model.containsAttribute("envelopeName")) {
            model.addAttribute("envelopeName", template.name());
        }
        if (!model.containsAttribute("values")) {
            model.addAttribute("values", Map.of());
        }
        List<Map<String, Object>> roles = new ArrayList<>();
        for (int i = 0; i < template.roles().size(); i++) {
            Templates.Role r = template.roles().get(i);
            roles.add(Map.of(
                    "index",
                    i,
                    "role",
                    r.role(),
                    "cc",
                    "CC".equals(r.type()),
                    "group",
                    r.signGroup() == null ? 0 : r.signGroup()));
        }
        model.addAttribute("roles", roles);
        return "portal/template-send";
    }

    /** The form's fields become the JSON body of {@code POST /v2/templates/{id}/envelopes}. */
    @PostMapping("/portal/templates/{id}/send")
    String send(
            @AuthenticationPrincipal PortalUser user,
            @PathVariable UUID id,
            @RequestParam Map<String, String> form,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        sender(user);
        Mode m = mode(Optional.ofNullable(form.get("mode")));
        Caller caller = caller(user, m);
        Templates.Template template = templates.get(caller, id);
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        ArrayNode people = body.putArray("recipients");
        Map<String, String> values = new HashMap<>();
        for (int i = 0; i < template.roles().size(); i++) {
            Templates.Role r = template.roles().get(i);
            ObjectNode person = people.addObject().put("role", r.role());
            for (String field : List.of("name", "email", "iso_country_code", "mobile_number")) {
                String value = field(form, field + "-" + i);
                values.put(field + "-" + i, value);
                if (!value.isEmpty() || field.equals("name") || field.equals("email")) {
                    person.put(field, value);
                }
            }
        }
        String envelopeName = field(form, "envelope_name");
        if (!envelopeName.isEmpty() && !envelopeName.equals(template.name())) {
            body.putObject("options").put("name", envelopeName);
        }
        try {
            templates.send(caller, id, body);
        } catch (ApiException refused) {
            response.setStatus(refused.status().value());
            model.addAttribute("problems", problems(refused));
            model.addAttribute("values", values);
            model.addAttribute("envelopeName", envelopeName);
            return sendForm(user, id, Optional.of(m.dbValue()), model);
        }
        redirect.addFlashAttribute("notice", "portal.templates.sent");
        redirect.addFlashAttribute("noticeArg", envelopeName.isEmpty() ? template.name() : envelopeName);
        redirect.addAttribute("mode", m.dbValue());
        return "redirect:/portal/templates";
    }

    @PostMapping("/portal/templates/{id}/delete")
    String delete(
            @AuthenticationPrincipal PortalUser user,
            @PathVariable UUID id,
            @RequestParam(defaultValue = "") String mode,
            RedirectAttributes redirect) {
        sender(user);
        Mode m = mode(Optional.of(mode));
        templates.delete(caller(user, m), id);
        redirect.addFlashAttribute("notice", "portal.templates.deleted");
        redirect.addAttribute("mode", m.dbValue());
        return "redirect:/portal/templates";
    }

    /** The API's refusal as lines a person reads: its sentence, then each field with what is wrong. */
    private static List<String> problems(ApiException refused) {
        List<String> lines = new ArrayList<>();
        lines.add(refused.getMessage());
        refused.errors().forEach(e -> lines.add((e.field().isEmpty() ? "" : e.field() + ": ") + e.message()));
        return lines;
    }

    private static String field(Map<String, String> form, String name) {
        String value = form.getOrDefault(name, "").strip();
        return value.length() <= FIELD_MAX ? value : value.substring(0, FIELD_MAX);
    }

    /** The uploaded file, read no further than one byte past the limit; empty when too large. */
    private static Optional<byte[]> read(MultipartFile file) {
        if (file.getSize() > MAX_IMPORT_BYTES) {
            return Optional.empty();
        }
        try (InputStream in = file.getInputStream()) {
            byte[] bytes = in.readNBytes((int) MAX_IMPORT_BYTES + 1);
            return bytes.length > MAX_IMPORT_BYTES ? Optional.empty() : Optional.of(bytes);
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The portal acts for the organisation in the mode shown, as a key of that mode would. */
    private static Caller caller(PortalUser user, Mode mode) {
        return new Caller(user.organisationId(), mode, null);
    }

    private Mode mode(Optional<String> value) {
        return value.map(v -> "sandbox".equals(v) ? Mode.SANDBOX : "live".equals(v) ? Mode.LIVE : null)
                .orElse(properties.embedded() ? Mode.SANDBOX : Mode.LIVE);
    }

    /** The paths that change something are the senders' already; a role changed since login applies here at once. */
    private static void sender(PortalUser user) {
        if (user == null || !user.role().maySend()) {
            throw new AccessDeniedException("Only admins and senders use templates to send");
        }
    }
}
