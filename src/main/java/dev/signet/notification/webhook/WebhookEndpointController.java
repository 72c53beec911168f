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
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
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
 * destination with its own secret (shown once), rotate secrets, send a test event, read each
 * endpoint's delivery log, enable a disabled one, and replay messages. Every call is scoped to the
 * key's organisation and mode. The rules and the changes are {@link WebhookEndpointService}'s, which
 * the portal's pages use too; this class turns JSON into its calls and its answers into JSON.
 */
@RestController
class WebhookEndpointController {

    private final WebhookEndpoints endpoints;
    private final WebhookEndpointService service;
    private final TransactionTemplate tx;

    WebhookEndpointController(WebhookEndpoints endpoints, WebhookEndpointService service, TransactionTemplate tx) {
        this.endpoints = endpoints;
        this.service = service;
        this.tx = tx;
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
        WebhookEndpointService.Outcome outcome =
                service.create(caller.organisationId(), caller.mode(), url, description, subscriptions);
        if (outcome instanceof WebhookEndpointService.Outcome.Refused refused) {
            throw ApiException.validation(refused.problems());
        }
        WebhookEndpointService.Outcome.Made made = (WebhookEndpointService.Outcome.Made) outcome;
        return ResponseEntity.status(HttpStatus.CREATED)
                .body(json(own(caller, made.endpoint().id()), made.secret()));
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
        service.delete(caller.organisationId(), id);
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
        WebhookEndpointService.Outcome.Made made = (WebhookEndpointService.Outcome.Made)
                service.rotate(caller.organisationId(), id).orElseThrow();
        return new SecretJson(made.secret(), made.endpoint().previousSecretExpiresAt());
    }

    /**
     * The secret that signs deliveries to envelopes' own {@code notifications.destination}: made, or
     * rotated (the old one keeps signing for the overlap), and shown this once.
     */
    @PostMapping("/v2/webhook-endpoints/envelope-secret")
    SecretJson rotateEnvelopeSecret(Caller caller) {
        String secret = service.rotateEnvelopeSecret(caller.organisationId(), caller.mode());
        return new SecretJson(
                secret,
                service.envelopeSecretPreviousExpiresAt(caller.organisationId(), caller.mode())
                        .orElse(null));
    }

    /** Every try, newest first: when, the status code, how long it took, what went wrong. */
    @GetMapping("/v2/webhook-endpoints/{id}/deliveries")
    Map<String, List<AttemptJson>> deliveries(
            Caller caller, @PathVariable UUID id, @RequestParam(name = "limit", defaultValue = "100") int limit) {
        own(caller, id);
        return Map.of(
                "deliveries",
                service.attempts(caller.organisationId(), id, limit).stream()
                        .map(a -> new AttemptJson(
                                a.webhookId(),
                                a.event(),
                                a.attempt(),
                                a.attemptedAt(),
                                a.statusCode(),
                                a.latencyMs(),
                                a.error()))
                        .toList());
    }

    /** The messages queued for the endpoint, newest first, with where each stands. */
    @GetMapping("/v2/webhook-endpoints/{id}/messages")
    Map<String, List<MessageJson>> messages(
            Caller caller, @PathVariable UUID id, @RequestParam(name = "limit", defaultValue = "100") int limit) {
        own(caller, id);
        return Map.of(
                "messages",
                service.messages(caller.organisationId(), id, limit).stream()
                        .map(m -> new MessageJson(
                                m.webhookId(),
                                m.event(),
                                m.envelopeId(),
                                m.status(),
                                m.attempts(),
                                m.createdAt(),
                                m.nextAttemptAt(),
                                m.sentAt(),
                                m.lastError()))
                        .toList());
    }

    /**
     * Queues a test message ({@code subscription_name} {@value WebhookEndpointService#TEST_EVENT}) for this
     * endpoint alone, whatever it subscribes to: 202 with its {@code webhook_id}. A disabled endpoint keeps it
     * until it is enabled.
     */
    @PostMapping("/v2/webhook-endpoints/{id}/test")
    ResponseEntity<Map<String, String>> test(Caller caller, @PathVariable UUID id) {
        own(caller, id);
        String webhookId = service.sendTest(caller.organisationId(), id).orElseThrow();
        return ResponseEntity.accepted().body(Map.of("webhook_id", webhookId));
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
        int replayed = service.replay(caller.organisationId(), endpoint.id(), webhookId, since)
                .orElseThrow(() -> ApiException.notFound("Webhook message"));
        return ResponseEntity.accepted().body(Map.of("replayed", replayed));
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
        service.urlProblem(url).ifPresent(problem -> errors.add(new FieldError("url", problem)));
        return url;
    }

    private String description(JsonNode body, List<FieldError> errors) {
        JsonNode node = body.path("description");
        if (node.isMissingNode() || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            errors.add(new FieldError(
                    "description",
                    "must be a string of at most " + WebhookEndpointService.MAX_DESCRIPTION_LENGTH + " characters"));
            return null;
        }
        Optional<String> problem = service.descriptionProblem(node.asText());
        problem.ifPresent(p -> errors.add(new FieldError("description", p)));
        return problem.isPresent() ? null : node.asText();
    }

    /** The events the endpoint wants; empty means all of them. */
    private List<String> subscriptions(JsonNode body, List<FieldError> errors) {
        JsonNode node = body.path("subscriptions");
        if (node.isMissingNode() || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            errors.add(new FieldError("subscriptions", "must be an array of event names"));
            return List.of();
        }
        List<String> given = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            given.add(node.get(i).asText(""));
        }
        List<FieldError> unknown = service.subscriptionProblems(given);
        errors.addAll(unknown);
        Set<String> names = new LinkedHashSet<>(given);
        names.removeIf(name -> !WebhookEndpointService.events().contains(name));
        return List.copyOf(names);
    }
}
