package dev.signet.notification.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.account.Caller;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The organisation's webhook endpoints (an extension of the v2 API): register a default
 * destination with its own secret (shown once), rotate secrets, read each endpoint's delivery log,
 * enable a disabled one, and replay messages. Every call is scoped to the key's organisation and mode.
 */
@RestController
class WebhookEndpointController {

    private static final int MAX_URL_LENGTH = 2000;
    private static final int MAX_REPLAY = 1000;

    private final WebhookEndpoints endpoints;
    private final WebhookProperties properties;
    private final Webhooks webhooks;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final WebhookDestinations destinations;

    WebhookEndpointController(
            WebhookEndpoints endpoints,
            WebhookProperties properties,
            Webhooks webhooks,
            JdbcClient jdbc,
            TransactionTemplate tx,
            WebhookDestinations destinations) {
        this.endpoints = endpoints;
        this.properties = properties;
        this.webhooks = webhooks;
        this.jdbc = jdbc;
        this.tx = tx;
        this.destinations = destinations;
    }

    record EndpointJson(
            UUID id,
            String url,
            String description,
            List<String> subscriptions,
            String source,
            String status,
            String disabledReason,
            OffsetDateTime disabledAt,
            int consecutiveFailures,
            OffsetDateTime failingSince,
            OffsetDateTime lastSuccessAt,
            OffsetDateTime createdAt,
            String secret,
            OffsetDateTime previousSecretExpiresAt) {}

    record SecretJson(String secret, OffsetDateTime previousSecretExpiresAt) {}

    record AttemptJson(
            String webhookId,
            String event,
            int attempt,
            OffsetDateTime attemptedAt,
            Integer statusCode,
            long latencyMs,
            String error) {}

    record MessageJson(
            String webhookId,
            String event,
            UUID envelopeId,
            String status,
            int attempts,
            OffsetDateTime createdAt,
            OffsetDateTime nextAttemptAt,
            OffsetDateTime sentAt,
            String lastError) {}

    @PostMapping("/v2/webhook-endpoints")
    ResponseEntity<EndpointJson> create(Caller caller, @RequestBody JsonNode body) {
        List<FieldError> errors = new ArrayList<>();
        String url = url(body, errors, true);
        String description = description(body, errors);
        List<String> subscriptions = subscriptions(body, errors);
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        String secret = WebhookSignature.newSecret();
        UUID id = endpoints.create(caller.organisationId(), caller.mode(), url, description, subscriptions, secret);
        return ResponseEntity.status(HttpStatus.CREATED).body(json(own(caller, id), secret));
    }

    @GetMapping("/v2/webhook-endpoints")
    Map<String, List<EndpointJson>> list(Caller caller) {
        return Map.of(
                "endpoints",
                endpoints.list(caller.organisationId(), caller.mode()).stream()
                        .map(e -> json(e, null))
                        .toList());
    }

    @GetMapping("/v2/webhook-endpoints/{id}")
    EndpointJson get(Caller caller, @PathVariable UUID id) {
        return json(own(caller, id), null);
    }

    /** Changes the URL, description or subscriptions, and enables or disables the endpoint. */
    @PatchMapping("/v2/webhook-endpoints/{id}")
    EndpointJson update(Caller caller, @PathVariable UUID id, @RequestBody JsonNode body) {
        WebhookEndpoints.Endpoint endpoint = own(caller, id);
        List<FieldError> errors = new ArrayList<>();
        boolean organisation = WebhookEndpoints.ORGANISATION.equals(endpoint.source());
        for (String field : List.of("url", "description", "subscriptions")) {
            if (body.has(field) && !organisation) {
                errors.add(new FieldError(field, "is set by the envelopes that use this destination"));
            }
        }
        String url = body.has("url") ? url(body, errors, true) : endpoint.url();
        String description = body.has("description") ? description(body, errors) : endpoint.description();
        List<String> subscriptions = body.has("subscriptions") ? subscriptions(body, errors) : endpoint.subscriptions();
        String status = body.path("status").asText(null);
        if (body.has("status")
                && !WebhookEndpoints.ENABLED.equals(status)
                && !WebhookEndpoints.DISABLED.equals(status)) {
            errors.add(new FieldError("status", "must be ENABLED or DISABLED"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        tx.executeWithoutResult(s -> {
            if (organisation) {
                endpoints.update(id, url, description, subscriptions);
            }
            if (WebhookEndpoints.ENABLED.equals(status) && !WebhookEndpoints.ENABLED.equals(endpoint.status())) {
                endpoints.enable(id);
            } else if (WebhookEndpoints.DISABLED.equals(status) && WebhookEndpoints.ENABLED.equals(endpoint.status())) {
                endpoints.disable(id, "Disabled through the API");
            }
        });
        return json(own(caller, id), null);
    }

    /** Removes an organisation endpoint; what was still pending for it is not sent. */
    @DeleteMapping("/v2/webhook-endpoints/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id) {
        WebhookEndpoints.Endpoint endpoint = own(caller, id);
        if (!WebhookEndpoints.ORGANISATION.equals(endpoint.source())) {
            throw ApiException.conflict(
                    "ENVELOPE_DESTINATION", "An envelope's own destination cannot be deleted;" + " disable it instead");
        }
        tx.executeWithoutResult(s -> {
            endpoints.delete(id);
            jdbc.sql("""
                    update outbox_message set status = 'CANCELLED', claimed_until = null
                    where status = 'PENDING' and id in (select outbox_id from webhook_message where endpoint_id = ?)""").param(id).update();
        });
        return ResponseEntity.noContent().build();
    }

    /** A new secret, shown this once; the old one keeps signing too for {@code signet.webhooks.rotation-overlap}. */
    @PostMapping("/v2/webhook-endpoints/{id}/rotate-secret")
    SecretJson rotate(Caller caller, @PathVariable UUID id) {
        WebhookEndpoints.Endpoint endpoint = own(caller, id);
        if (!WebhookEndpoints.ORGANISATION.equals(endpoint.source())) {
            throw ApiException.conflict(
                    "ENVELOPE_DESTINATION",
                    "An envelope's destination is signed with the envelope secret: POST /v2/webhook-endpoints/envelope-secret");
        }
        String secret = WebhookSignature.newSecret();
        endpoints.rotate(id, secret, properties.rotationOverlap());
        return new SecretJson(secret, own(caller, id).previousSecretUntil());
    }

    /**
     * The secret that signs deliveries to envelopes' own {@code notifications.destination}: made, or
     * rotated (the old one keeps signing for the overlap), and shown this once.
     */
    @PostMapping("/v2/webhook-endpoints/envelope-secret")
    SecretJson rotateEnvelopeSecret(Caller caller) {
        String secret = WebhookSignature.newSecret();
        endpoints.rotateEnvelopeSecret(caller.organisationId(), caller.mode(), secret, properties.rotationOverlap());
        return new SecretJson(
                secret,
                endpoints
                        .envelopeSecretPreviousUntil(caller.organisationId(), caller.mode())
                        .orElse(null));
    }

    /** Every try, newest first: when, the status code, how long it took, what went wrong. */
    @GetMapping("/v2/webhook-endpoints/{id}/deliveries")
    Map<String, List<AttemptJson>> deliveries(
            Caller caller, @PathVariable UUID id, @RequestParam(name = "limit", defaultValue = "100") int limit) {
        own(caller, id);
        return Map.of(
                "deliveries",
                jdbc.sql("""
                        select webhook_id, event, attempt, attempted_at, status_code, latency_ms, error
                        from webhook_attempt where endpoint_id = ? order by attempted_at desc, attempt desc limit ?""")
                        .params(id, clamp(limit))
                        .query((rs, n) -> new AttemptJson(
                                rs.getString("webhook_id"),
                                rs.getString("event"),
                                rs.getInt("attempt"),
                                rs.getObject("attempted_at", OffsetDateTime.class),
                                (Integer) rs.getObject("status_code"),
                                rs.getLong("latency_ms"),
                                rs.getString("error")))
                        .list());
    }

    /** The messages queued for the endpoint, newest first, with where each stands. */
    @GetMapping("/v2/webhook-endpoints/{id}/messages")
    Map<String, List<MessageJson>> messages(
            Caller caller, @PathVariable UUID id, @RequestParam(name = "limit", defaultValue = "100") int limit) {
        own(caller, id);
        return Map.of(
                "messages",
                jdbc.sql("""
                        select w.webhook_id, o.kind, o.envelope_id, o.status, o.attempts, o.created_at, o.next_attempt_at,
                          o.sent_at, o.last_error
                        from webhook_message w join outbox_message o on o.id = w.outbox_id
                        where w.endpoint_id = ? order by w.seq desc limit ?""")
                        .params(id, clamp(limit))
                        .query((rs, n) -> new MessageJson(
                                rs.getString("webhook_id"),
                                rs.getString("kind"),
                                rs.getObject("envelope_id", UUID.class),
                                rs.getString("status"),
                                rs.getInt("attempts"),
                                rs.getObject("created_at", OffsetDateTime.class),
                                rs.getObject("next_attempt_at", OffsetDateTime.class),
                                rs.getObject("sent_at", OffsetDateTime.class),
                                rs.getString("last_error")))
                        .list());
    }

    /**
     * Sends messages again: {@code {"webhook_id": "..."}} for one, {@code {"since": "<ISO-8601>"}} for
     * every message first queued since then (at most 1000, oldest first). A replay keeps the message's
     * {@code webhook-id}, so a receiver that already has it can tell; it gets a new timestamp and
     * signature, and goes to the back of the endpoint's queue.
     */
    @PostMapping("/v2/webhook-endpoints/{id}/replay")
    ResponseEntity<Map<String, Integer>> replay(Caller caller, @PathVariable UUID id, @RequestBody JsonNode body) {
        WebhookEndpoints.Endpoint endpoint = own(caller, id);
        String webhookId =
                body.path("webhook_id").isTextual() ? body.get("webhook_id").asText() : null;
        OffsetDateTime since = null;
        if (body.path("since").isTextual()) {
            try {
                since = OffsetDateTime.parse(body.get("since").asText());
            } catch (DateTimeParseException e) {
                throw ApiException.validation(
                        List.of(new FieldError("since", "must be an ISO-8601 date and time with an offset")));
            }
        }
        if ((webhookId == null) == (since == null)) {
            throw ApiException.validation(List.of(new FieldError("webhook_id", "give either webhook_id or since")));
        }
        OffsetDateTime from = since;
        List<UUID> originals = jdbc.sql("""
                        select o.id from webhook_message w join outbox_message o on o.id = w.outbox_id
                        where w.endpoint_id = :endpoint
                          and (cast(:webhook as varchar(64)) is null or w.webhook_id = :webhook)
                          and (cast(:since as timestamp with time zone) is null or o.created_at >= :since)
                          and w.seq = (select min(first.seq) from webhook_message first
                                       where first.endpoint_id = w.endpoint_id and first.webhook_id = w.webhook_id)
                        order by w.seq limit :limit""")
                .param("endpoint", id)
                .param("webhook", webhookId)
                .param("since", from)
                .param("limit", MAX_REPLAY)
                .query(UUID.class)
                .list();
        if (webhookId != null && originals.isEmpty()) {
            throw ApiException.notFound("Webhook message");
        }
        Integer replayed = tx.execute(s -> {
            int n = 0;
            for (UUID original : originals) {
                webhooks.replay(original, endpoint);
                n++;
            }
            return n;
        });
        return ResponseEntity.accepted().body(Map.of("replayed", replayed == null ? 0 : replayed));
    }

    private WebhookEndpoints.Endpoint own(Caller caller, UUID id) {
        return endpoints
                .find(caller.organisationId(), caller.mode(), id)
                .orElseThrow(() -> ApiException.notFound("Webhook endpoint"));
    }

    private EndpointJson json(WebhookEndpoints.Endpoint e, String secret) {
        return new EndpointJson(
                e.id(),
                e.url(),
                e.description(),
                e.subscriptions(),
                e.source(),
                e.status(),
                e.disabledReason(),
                e.disabledAt(),
                e.consecutiveFailures(),
                e.failingSince(),
                e.lastSuccessAt(),
                e.createdAt(),
                secret,
                e.previousSecretUntil() != null && e.previousSecretUntil().isAfter(OffsetDateTime.now())
                        ? e.previousSecretUntil()
                        : null);
    }

    private String url(JsonNode body, List<FieldError> errors, boolean required) {
        JsonNode node = body.path("url");
        if (!node.isTextual()) {
            if (required) {
                errors.add(new FieldError("url", "is required (a string)"));
            }
            return null;
        }
        String url = node.asText();
        if (url.length() > MAX_URL_LENGTH) {
            errors.add(new FieldError("url", "must be at most " + MAX_URL_LENGTH + " characters"));
            return url;
        }
        destinations.problem(url).ifPresent(problem -> errors.add(new FieldError("url", problem)));
        return url;
    }

    private static String description(JsonNode body, List<FieldError> errors) {
        JsonNode node = body.path("description");
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isTextual() || node.asText().length() > 200) {
            errors.add(new FieldError("description", "must be a string of at most 200 characters"));
            return null;
        }
        return node.asText();
    }

    /** The events the endpoint wants; empty means all of them. */
    private static List<String> subscriptions(JsonNode body, List<FieldError> errors) {
        JsonNode node = body.path("subscriptions");
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            errors.add(new FieldError("subscriptions", "must be an array of event names"));
            return List.of();
        }
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < node.size(); i++) {
            String name = node.get(i).asText("");
            if (!Webhooks.EVENTS.contains(name)) {
                errors.add(new FieldError("subscriptions[" + i + "]", "is not a known event"));
            } else {
                names.add(name);
            }
        }
        return List.copyOf(names);
    }

    private static int clamp(int limit) {
        return Math.max(1, Math.min(limit, 500));
    }
}
