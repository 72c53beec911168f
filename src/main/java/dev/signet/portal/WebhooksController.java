package dev.signet.portal;

import dev.signet.SignetProperties;
import dev.signet.account.AccountService;
import dev.signet.account.Mode;
import dev.signet.notification.webhook.WebhookEndpointService;
import dev.signet.notification.webhook.WebhookEndpointService.EndpointView;
import dev.signet.notification.webhook.WebhookEndpointService.Outcome;
import jakarta.servlet.http.HttpServletResponse;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
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
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The organisation's webhook endpoints (issue 16, item 5): every user of the organisation reads the
 * list and each endpoint's delivery log; only an admin creates, rotates, tests, replays, disables,
 * enables and deletes ({@link PortalSecurity} lets only admins post here, and each action checks
 * again). Everything goes through {@link WebhookEndpointService}, the service the API uses, so the
 * rules (where a URL may point, the events, the secret shown once) are the API's. A secret appears
 * only on the answer to the admin's create or rotate; the URL's query, which may carry a receiver's
 * token, is shown to admins only.
 */
@Controller
class WebhooksController {

    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'");
    static final int LOG_SIZE = 50;

    private final WebhookEndpointService webhooks;
    private final AccountService accounts;
    private final SignetProperties properties;

    WebhooksController(WebhookEndpointService webhooks, AccountService accounts, SignetProperties properties) {
        this.webhooks = webhooks;
        this.accounts = accounts;
        this.properties = properties;
    }

    @GetMapping("/portal/webhooks")
    String list(@AuthenticationPrincipal PortalUser user, @RequestParam Optional<String> mode, Model model) {
        Mode shown = mode.flatMap(WebhooksController::mode).orElse(defaultMode());
        Pages.shell(user, "webhooks", model, accounts);
        boolean admin = user.role() == Role.ADMIN;
        model.addAttribute("mode", shown.dbValue());
        model.addAttribute("modes", List.of(Mode.LIVE.dbValue(), Mode.SANDBOX.dbValue()));
        model.addAttribute(
                "endpoints",
                webhooks.list(user.organisationId(), shown).stream()
                        .map(e -> row(e, admin))
                        .toList());
        model.addAttribute("events", WebhookEndpointService.events());
        model.addAttribute("urlMax", WebhookEndpointService.MAX_URL_LENGTH);
        model.addAttribute("descriptionMax", WebhookEndpointService.MAX_DESCRIPTION_LENGTH);
        if (!model.containsAttribute("chosen")) {
            model.addAttribute("chosen", List.of());
        }
        return "portal/webhooks";
    }

    /** Answers with the new endpoint's page, its secret on it: shown this once and kept nowhere in plain. */
    @PostMapping("/portal/webhooks")
    String create(
            @AuthenticationPrincipal PortalUser user,
            @RequestParam(defaultValue = "") String mode,
            @RequestParam(defaultValue = "") String url,
            @RequestParam(defaultValue = "") String description,
            @RequestParam(name = "events", required = false) List<String> events,
            HttpServletResponse response,
            Model model) {
        admin(user);
        Optional<Mode> chosen = mode(mode);
        List<String> subscriptions =
                events == null ? List.of() : events.stream().limit(50).toList();
        Outcome outcome = chosen.isEmpty()
                ? new Outcome.Refused(List.of(new dev.signet.web.FieldError("mode", "must be sandbox or live")))
                : webhooks.create(
                        user.organisationId(),
                        chosen.get(),
                        url.strip(),
                        description.isBlank() ? null : description.strip(),
                        subscriptions);
        if (outcome instanceof Outcome.Refused refused) {
            response.setStatus(422);
            model.addAttribute(
                    "problems",
                    refused.problems().stream()
                            .map(p -> p.field() + ": " + p.message())
                            .toList());
            model.addAttribute("url", url.length() <= WebhookEndpointService.MAX_URL_LENGTH ? url : "");
            model.addAttribute(
                    "description",
                    description.length() <= WebhookEndpointService.MAX_DESCRIPTION_LENGTH ? description : "");
            model.addAttribute("chosen", subscriptions);
            return list(user, chosen.map(Mode::dbValue), model);
        }
        Outcome.Made made = (Outcome.Made) outcome;
        model.addAttribute("secret", made.secret());
        model.addAttribute("notice", "portal.webhooks.created");
        return endpoint(user, made.endpoint().id(), response, model);
    }

    @GetMapping("/portal/webhooks/{id}")
    String endpoint(
            @AuthenticationPrincipal PortalUser user,
            @PathVariable UUID id,
            HttpServletResponse response,
            Model model) {
        Optional<EndpointView> found = webhooks.find(user.organisationId(), id);
        if (found.isEmpty()) {
            return notFound(user, response, model);
        }
        EndpointView endpoint = found.get();
        boolean admin = user.role() == Role.ADMIN;
        Pages.shell(user, "webhooks", model, accounts);
        model.addAttribute("endpoint", row(endpoint, admin));
        model.addAttribute(
                "messages",
                webhooks.messages(user.organisationId(), id, LOG_SIZE).stream()
                        .map(m -> {
                            Map<String, Object> row = new HashMap<>();
                            row.put("webhookId", m.webhookId());
                            row.put("event", m.event());
                            row.put("status", m.status());
                            row.put("attempts", m.attempts());
                            row.put("created", when(m.createdAt()));
                            row.put("nextTry", "PENDING".equals(m.status()) ? when(m.nextAttemptAt()) : "");
                            row.put(
                                    "statusCode",
                                    m.lastStatusCode() == null
                                            ? ""
                                            : m.lastStatusCode().toString());
                            row.put("error", m.lastError() == null ? "" : m.lastError());
                            return row;
                        })
                        .toList());
        model.addAttribute("logSize", LOG_SIZE);
        return "portal/webhook";
    }

    @PostMapping("/portal/webhooks/{id}/rotate")
    String rotate(
            @AuthenticationPrincipal PortalUser user,
            @PathVariable UUID id,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        admin(user);
        Optional<Outcome> outcome = webhooks.rotate(user.organisationId(), id);
        if (outcome.isEmpty()) {
            return notFound(user, response, model);
        }
        if (outcome.get() instanceof Outcome.Made made) {
            model.addAttribute("secret", made.secret());
            model.addAttribute("notice", "portal.webhooks.rotated");
            return endpoint(user, id, response, model);
        }
        redirect.addFlashAttribute("error", "portal.webhooks.envelopeDestination");
        return "redirect:/portal/webhooks/" + id;
    }

    @PostMapping("/portal/webhooks/{id}/test")
    String test(
            @AuthenticationPrincipal PortalUser user,
            @PathVariable UUID id,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        admin(user);
        if (webhooks.sendTest(user.organisationId(), id).isEmpty()) {
            return notFound(user, response, model);
        }
        redirect.addFlashAttribute("notice", "portal.webhooks.testQueued");
        return "redirect:/portal/webhooks/" + id;
    }

    @PostMapping("/portal/webhooks/{id}/replay")
    String replay(
            @AuthenticationPrincipal PortalUser user,
            @PathVariable UUID id,
            @RequestParam(name = "webhook_id", defaultValue = "") String webhookId,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        admin(user);
        if (webhooks.find(user.organisationId(), id).isEmpty()) {
            return notFound(user, response, model);
        }
        boolean replayed = !webhookId.isBlank()
                && webhookId.length() <= 64
                && webhooks.replay(user.organisationId(), id, webhookId, null).isPresent();
        redirect.addFlashAttribute(
                replayed ? "notice" : "error", replayed ? "portal.webhooks.replayed" : "portal.webhooks.notReplayed");
        return "redirect:/portal/webhooks/" + id;
    }

    @PostMapping("/portal/webhooks/{id}/enable")
    String enable(
            @AuthenticationPrincipal PortalUser user,
            @PathVariable UUID id,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        return setEnabled(user, id, true, response, model, redirect);
    }

    @PostMapping("/portal/webhooks/{id}/disable")
    String disable(
            @AuthenticationPrincipal PortalUser user,
            @PathVariable UUID id,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        return setEnabled(user, id, false, response, model, redirect);
    }

    private String setEnabled(
            PortalUser user,
            UUID id,
            boolean enabled,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        admin(user);
        if (!webhooks.setEnabled(user.organisationId(), id, enabled, "Disabled in the portal")) {
            return notFound(user, response, model);
        }
        redirect.addFlashAttribute("notice", enabled ? "portal.webhooks.enabled" : "portal.webhooks.disabled");
        return "redirect:/portal/webhooks/" + id;
    }

    @PostMapping("/portal/webhooks/{id}/delete")
    String delete(
            @AuthenticationPrincipal PortalUser user,
            @PathVariable UUID id,
            HttpServletResponse response,
            Model model,
            RedirectAttributes redirect) {
        admin(user);
        Optional<EndpointView> endpoint = webhooks.find(user.organisationId(), id);
        WebhookEndpointService.Removal removal = webhooks.delete(user.organisationId(), id);
        if (removal == WebhookEndpointService.Removal.NOT_FOUND || endpoint.isEmpty()) {
            return notFound(user, response, model);
        }
        if (removal == WebhookEndpointService.Removal.ENVELOPE_DESTINATION) {
            redirect.addFlashAttribute("error", "portal.webhooks.envelopeDestination");
            return "redirect:/portal/webhooks/" + id;
        }
        redirect.addFlashAttribute("notice", "portal.webhooks.deleted");
        redirect.addAttribute("mode", endpoint.get().mode().dbValue());
        return "redirect:/portal/webhooks";
    }

    /** Unknown, deleted, or another organisation's: the same answer for all three. */
    private String notFound(PortalUser user, HttpServletResponse response, Model model) {
        response.setStatus(HttpServletResponse.SC_NOT_FOUND);
        model.addAttribute("error", "portal.webhooks.notFound");
        return list(user, Optional.empty(), model);
    }

    /** What a row shows: plain values only (the templates reach no class of this package). */
    private static Map<String, Object> row(EndpointView e, boolean admin) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", e.id().toString());
        row.put("mode", e.mode().dbValue());
        row.put("url", admin ? e.url() : withoutQuery(e.url()));
        row.put("description", e.description() == null ? "" : e.description());
        row.put("subscriptions", e.subscriptions());
        row.put("own", e.ownEndpoint());
        row.put("enabled", e.enabled());
        row.put("disabledReason", e.disabledReason() == null ? "" : e.disabledReason());
        row.put("failures", e.consecutiveFailures());
        row.put("lastSuccess", when(e.lastSuccessAt()));
        row.put("previousUntil", when(e.previousSecretExpiresAt()));
        row.put("created", when(e.createdAt()));
        return row;
    }

    /** The URL without its query and fragment, which may carry a receiver's token. */
    static String withoutQuery(String url) {
        int query = url.indexOf('?');
        int fragment = url.indexOf('#');
        int cut = query < 0 ? fragment : fragment < 0 ? query : Math.min(query, fragment);
        return cut < 0 ? url : url.substring(0, cut) + "?…";
    }

    private static String when(OffsetDateTime at) {
        return at == null ? "" : WHEN.format(at.withOffsetSameInstant(ZoneOffset.UTC));
    }

    private Mode defaultMode() {
        return properties.embedded() ? Mode.SANDBOX : Mode.LIVE;
    }

    private static Optional<Mode> mode(String value) {
        return "sandbox".equals(value)
                ? Optional.of(Mode.SANDBOX)
                : "live".equals(value) ? Optional.of(Mode.LIVE) : Optional.empty();
    }

    /** The chain lets only admins post here; a change of role since login applies here at once too. */
    private static void admin(PortalUser user) {
        if (user == null || user.role() != Role.ADMIN) {
            throw new AccessDeniedException("Only an admin changes webhook endpoints");
        }
    }
}
