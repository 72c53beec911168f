package dev.signet.portal;

import dev.signet.SignetProperties;
import dev.signet.account.AccountService;
import dev.signet.account.Mode;
import dev.signet.envelope.AuditEvent;
import dev.signet.envelope.AuditTrail;
import dev.signet.envelope.Envelope;
import dev.signet.envelope.EnvelopeStatus;
import dev.signet.envelope.Envelopes;
import dev.signet.envelope.Recipient;
import dev.signet.envelope.RecipientType;
import dev.signet.web.ApiException;
import jakarta.servlet.http.HttpServletResponse;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.MessageSource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;

/**
 * Track (issue 16, item 4): the dashboard of the organisation's envelopes (search, status, dates,
 * keyset paging) and each envelope's page: its recipients, its audit trail and its route drawn from
 * its BPMN processes, which the page's script keeps current by polling {@code route.json}. Every read
 * is of the logged-in user's organisation: another organisation's envelope is not found, by any URL.
 */
@Controller
class TrackController {

    static final int PAGE_SIZE = 25;
    static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");
    private static final Pattern RECIPIENT_ACTOR = Pattern.compile("recipient:([0-9a-f-]{36})");

    private final Envelopes envelopes;
    private final AuditTrail audit;
    private final EnvelopeRoutes routes;
    private final AccountService accounts;
    private final SignetProperties properties;
    private final MessageSource messages;

    TrackController(
            Envelopes envelopes,
            AuditTrail audit,
            EnvelopeRoutes routes,
            AccountService accounts,
            SignetProperties properties,
            MessageSource messages) {
        this.messages = messages;
        this.envelopes = envelopes;
        this.audit = audit;
        this.routes = routes;
        this.accounts = accounts;
        this.properties = properties;
    }

    @GetMapping("/portal/envelopes")
    String dashboard(
            @AuthenticationPrincipal PortalUser user,
            @RequestParam Optional<String> status,
            @RequestParam Optional<String> mode,
            @RequestParam Optional<String> q,
            @RequestParam Optional<String> from,
            @RequestParam Optional<String> to,
            @RequestParam Optional<String> after,
            HttpServletResponse response,
            Model model) {
        Pages.shell(user, "envelopes", model, accounts);
        Optional<EnvelopeStatus> filter = status.filter(s -> !s.isBlank()).flatMap(TrackController::status);
        Mode shown = mode.map(m -> "sandbox".equals(m) ? Mode.SANDBOX : "live".equals(m) ? Mode.LIVE : null)
                .orElse(properties.embedded() ? Mode.SANDBOX : Mode.LIVE);
        String text = q.map(String::strip).orElse("");
        Optional<LocalDate> fromDate = date(from);
        Optional<LocalDate> toDate = date(to);
        List<String> problems = new ArrayList<>();
        if (!text.isEmpty()
                && (text.length() < Envelopes.ListFilter.MIN_TEXT || text.length() > Envelopes.ListFilter.MAX_TEXT)) {
            problems.add("portal.track.search.length");
        }
        if (from.filter(f -> !f.isBlank()).isPresent() && fromDate.isEmpty()
                || to.filter(t -> !t.isBlank()).isPresent() && toDate.isEmpty()) {
            problems.add("portal.track.dates.invalid");
        } else if (fromDate.isPresent() && toDate.isPresent() && toDate.get().isBefore(fromDate.get())) {
            problems.add("portal.track.dates.order");
        }
        model.addAttribute("q", text.length() <= Envelopes.ListFilter.MAX_TEXT ? text : "");
        model.addAttribute("from", fromDate.map(LocalDate::toString).orElse(""));
        model.addAttribute("to", toDate.map(LocalDate::toString).orElse(""));
        model.addAttribute(
                "statuses",
                Arrays.stream(EnvelopeStatus.values()).map(Enum::name).toList());
        model.addAttribute("status", filter.map(Enum::name).orElse(""));
        model.addAttribute("mode", shown.dbValue());
        model.addAttribute("problems", problems);
        model.addAttribute("firstPage", after.isEmpty());
        model.addAttribute("searching", !text.isEmpty() || fromDate.isPresent() || toDate.isPresent());
        if (!problems.isEmpty()) {
            // A search Signet cannot run as asked is refused, not run as something else.
            response.setStatus(422);
            model.addAttribute("rows", List.of());
            model.addAttribute("next", null);
            return "portal/envelopes";
        }
        Envelopes.ListFilter listFilter = new Envelopes.ListFilter(
                filter,
                fromDate.map(d -> d.atStartOfDay().atOffset(ZoneOffset.UTC)).orElse(null),
                // The "to" date is included: the listing's bound is the start of the next day.
                toDate.map(d -> d.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC))
                        .orElse(null),
                text);
        Envelopes.ListPage page = envelopes.list(
                user.organisationId(), shown, listFilter, after.filter(a -> a.length() <= 80), PAGE_SIZE);
        model.addAttribute(
                "rows",
                page.items().stream()
                        // Plain maps: the templates' expressions reach no class of this package.
                        .map(e -> Map.of(
                                "id", e.id().toString(),
                                "name", e.name(),
                                "status", e.status().name(),
                                "statusClass", statusClass(e.status()),
                                "created", WHEN.format(e.createdAt().withOffsetSameInstant(ZoneOffset.UTC)),
                                "signers", e.signers(),
                                "signed", e.signed()))
                        .toList());
        model.addAttribute("next", page.next());
        return "portal/envelopes";
    }

    @GetMapping("/portal/envelopes/{id}")
    String envelope(@AuthenticationPrincipal PortalUser user, @PathVariable String id, Locale locale, Model model) {
        Envelope envelope = visible(user, id);
        Pages.shell(user, "envelopes", model, accounts);
        List<Recipient> recipients = envelopes.recipients(envelope.id());
        RouteView route = RouteView.of(envelope, recipients, routes);
        RouteView.Texts texts = texts(locale);
        model.addAllAttributes(route.model(texts));
        model.addAttribute("envelopeId", envelope.id().toString());
        model.addAttribute("name", envelope.name());
        model.addAttribute("statusClass", statusClass(envelope.status()));
        model.addAttribute("envelopeMode", envelope.mode().dbValue());
        model.addAttribute("created", WHEN.format(envelope.createdAt().withOffsetSameInstant(ZoneOffset.UTC)));
        model.addAttribute("maySend", user.role().maySend());
        model.addAttribute("isActive", envelope.status() == EnvelopeStatus.ACTIVE);
        model.addAttribute("isComplete", envelope.status() == EnvelopeStatus.COMPLETE);
        model.addAttribute(
                "mayArchive", envelope.status() == EnvelopeStatus.QUEUED || envelope.status() == EnvelopeStatus.ACTIVE);
        model.addAttribute("mayDelete", envelope.status().isFinal());
        model.addAttribute(
                "recipients",
                recipients.stream().map(r -> recipient(r, route, texts)).toList());
        model.addAttribute("events", timeline(envelope.id(), recipients, locale));
        return "portal/envelope";
    }

    /** The live part of the envelope page (status and route), which the script swaps in when it changed. */
    @GetMapping("/portal/envelopes/{id}/route")
    String route(@AuthenticationPrincipal PortalUser user, @PathVariable String id, Locale locale, Model model) {
        Envelope envelope = visible(user, id);
        Pages.language(model);
        RouteView route = RouteView.of(envelope, envelopes.recipients(envelope.id()), routes);
        model.addAllAttributes(route.model(texts(locale)));
        model.addAttribute("statusClass", statusClass(envelope.status()));
        return "portal/envelope :: live";
    }

    /** What the script polls: the route's version, and whether anything can still change. Ids only. */
    @GetMapping(path = "/portal/envelopes/{id}/route.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<Map<String, Object>> routeJson(@AuthenticationPrincipal PortalUser user, @PathVariable String id) {
        Envelope envelope = visible(user, id);
        RouteView route = RouteView.of(envelope, envelopes.recipients(envelope.id()), routes);
        return ResponseEntity.ok().cacheControl(CacheControl.noStore()).body(route.json());
    }

    /** The envelope when it is the user's organisation's and not deleted; 404 for anything else. */
    Envelope visible(PortalUser user, String id) {
        Optional<UUID> uuid;
        try {
            uuid = Optional.of(UUID.fromString(id));
        } catch (IllegalArgumentException notAnId) {
            uuid = Optional.empty();
        }
        return uuid.flatMap(u -> envelopes.ofOrganisation(user.organisationId(), u))
                .orElseThrow(() -> ApiException.notFound("Envelope " + (id.length() <= 36 ? id : "")));
    }

    private RouteView.Texts texts(Locale locale) {
        return (key, args) -> messages.getMessage(key, args, key, locale);
    }

    private static Map<String, Object> recipient(Recipient r, RouteView route, RouteView.Texts texts) {
        Map<String, Object> row = new HashMap<>();
        row.put("id", r.id().toString());
        row.put("number", route.number(r));
        row.put("name", r.name());
        row.put("email", r.email());
        row.put("type", texts.type(r.type(), r.signGroup()));
        String state;
        if (r.signStatus() == Recipient.SignStatus.SIGNED) {
            state = "signed";
        } else if (r.signStatus() == Recipient.SignStatus.DECLINED) {
            state = "declined";
        } else if (r.type() == RecipientType.CC) {
            state = "copy";
        } else {
            state = r.invitationEmailQueuedAt() != null ? "invited" : "notInvited";
        }
        row.put("state", state);
        row.put(
                "stateText",
                texts.text(
                        "portal.track.state." + state,
                        r.signedAt() == null ? "" : WHEN.format(r.signedAt().withOffsetSameInstant(ZoneOffset.UTC))));
        row.put("waiting", state.equals("invited"));
        row.put("editable", !r.signed() && r.signStatus() != Recipient.SignStatus.DECLINED);
        row.put("isCc", r.type() == RecipientType.CC);
        return row;
    }

    /** The audit trail, oldest first, a recipient named instead of their id; an event the portal has no words for by its type. */
    private List<Map<String, Object>> timeline(UUID envelopeId, List<Recipient> recipients, Locale locale) {
        Map<String, String> names = new HashMap<>();
        recipients.forEach(r -> names.put(r.id().toString(), r.name()));
        List<Map<String, Object>> events = new ArrayList<>();
        for (AuditEvent e : audit.events(envelopeId)) {
            Map<String, Object> event = new HashMap<>();
            event.put("seq", e.seq());
            event.put("when", WHEN.format(e.occurredAt().withOffsetSameInstant(ZoneOffset.UTC)));
            event.put("type", e.type());
            event.put("label", messages.getMessage("portal.track.event." + e.type(), null, e.type(), locale));
            Matcher actor = RECIPIENT_ACTOR.matcher(e.actor());
            event.put(
                    "by",
                    actor.matches()
                            ? messages.getMessage(
                                    "portal.track.by.recipient",
                                    new Object[] {names.getOrDefault(actor.group(1), "")},
                                    locale)
                            : messages.getMessage("portal.track.by." + e.actor(), null, e.actor(), locale));
            events.add(event);
        }
        return events;
    }

    static String statusClass(EnvelopeStatus status) {
        return "status status-" + status.name().toLowerCase(Locale.ROOT);
    }

    private static Optional<EnvelopeStatus> status(String value) {
        try {
            return Optional.of(EnvelopeStatus.valueOf(value.toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException unknown) {
            return Optional.empty();
        }
    }

    private static Optional<LocalDate> date(Optional<String> value) {
        return value.filter(v -> !v.isBlank() && v.length() <= 10).flatMap(v -> {
            try {
                return Optional.of(LocalDate.parse(v));
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        });
    }
}
