package dev.signet.notification.webhook;

import dev.signet.account.Mode;
import dev.signet.web.FieldError;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The organisation's webhook endpoints as the API ({@code /v2/webhook-endpoints}) and the portal
 * both manage them: one implementation of every rule (where a URL may point, what a description and
 * the subscriptions may be), of the secret shown once, the test event, the delivery log and replay.
 * Every call names the organisation; an endpoint of another organisation is not found. Who may call
 * what (an API key, a portal admin) is the caller's to check.
 */
@Service
public class WebhookEndpointService {

    public static final int MAX_URL_LENGTH = 2000;
    public static final int MAX_DESCRIPTION_LENGTH = 200;
    public static final int MAX_REPLAY = 1000;
    public static final int MAX_LOG = 500;

    /** The event a test sends: not one of the reference's, sent to this endpoint only, whatever it subscribes to. */
    public static final String TEST_EVENT = "webhook_test";

    /** An endpoint as it may be shown; its secrets are never part of it. */
    public record EndpointView(
            UUID id,
            Mode mode,
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
            OffsetDateTime previousSecretExpiresAt,
            OffsetDateTime createdAt) {

        /** Registered by the organisation (not made for an envelope's own destination): it may be changed and deleted. */
        public boolean ownEndpoint() {
            return WebhookEndpoints.ORGANISATION.equals(source);
        }

        public boolean enabled() {
            return WebhookEndpoints.ENABLED.equals(status);
        }
    }

    /** The outcome of a change that makes a secret: the secret, shown this once; or what was wrong. */
    public sealed interface Outcome {
        record Made(EndpointView endpoint, String secret) implements Outcome {}

        record Refused(List<FieldError> problems) implements Outcome {}
    }

    /** One try of a delivery. */
    public record Attempt(
            String webhookId,
            String event,
            int attempt,
            OffsetDateTime attemptedAt,
            Integer statusCode,
            long latencyMs,
            String error) {}

    /** A message queued for an endpoint, with where it stands and the status code of its last try. */
    public record Message(
            String webhookId,
            String event,
            UUID envelopeId,
            String status,
            int attempts,
            OffsetDateTime createdAt,
            OffsetDateTime nextAttemptAt,
            OffsetDateTime sentAt,
            String lastError,
            Integer lastStatusCode) {}

    private final WebhookEndpoints endpoints;
    private final WebhookProperties properties;
    private final Webhooks webhooks;
    private final WebhookDestinations destinations;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;

    WebhookEndpointService(
            WebhookEndpoints endpoints,
            WebhookProperties properties,
            Webhooks webhooks,
            WebhookDestinations destinations,
            JdbcClient jdbc,
            TransactionTemplate tx) {
        this.endpoints = endpoints;
        this.properties = properties;
        this.webhooks = webhooks;
        this.destinations = destinations;
        this.jdbc = jdbc;
        this.tx = tx;
    }

    /** Why the URL may not receive webhooks ({@link WebhookDestinations}), or empty when it may. */
    public Optional<String> urlProblem(String url) {
        if (url == null) {
            return Optional.of("is required (a string)");
        }
        if (url.length() > MAX_URL_LENGTH) {
            return Optional.of("must be at most " + MAX_URL_LENGTH + " characters");
        }
        return destinations.problem(url);
    }

    public Optional<String> descriptionProblem(String description) {
        return description != null && description.length() > MAX_DESCRIPTION_LENGTH
                ? Optional.of("must be a string of at most " + MAX_DESCRIPTION_LENGTH + " characters")
                : Optional.empty();
    }

    /** The names that are not events, as {@code subscriptions[i]} errors. */
    public List<FieldError> subscriptionProblems(List<String> subscriptions) {
        List<FieldError> errors = new ArrayList<>();
        for (int i = 0; i < subscriptions.size(); i++) {
            if (!Webhooks.EVENTS.contains(subscriptions.get(i))) {
                errors.add(new FieldError("subscriptions[" + i + "]", "is not a known event"));
            }
        }
        return errors;
    }

    /** The events an endpoint may subscribe to; none chosen means all. */
    public static List<String> events() {
        return Webhooks.EVENTS;
    }

    public List<EndpointView> list(UUID organisationId, Mode mode) {
        return endpoints.list(organisationId, mode).stream()
                .map(WebhookEndpointService::view)
                .toList();
    }

    /** The endpoint of this organisation, in either mode. */
    public Optional<EndpointView> find(UUID organisationId, UUID id) {
        return own(organisationId, id).map(WebhookEndpointService::view);
    }

    /** A new organisation endpoint with a new secret, shown this once. */
    public Outcome create(UUID organisationId, Mode mode, String url, String description, List<String> subscriptions) {
        List<FieldError> problems = new ArrayList<>();
        urlProblem(url).ifPresent(p -> problems.add(new FieldError("url", p)));
        descriptionProblem(description).ifPresent(p -> problems.add(new FieldError("description", p)));
        problems.addAll(subscriptionProblems(subscriptions));
        if (!problems.isEmpty()) {
            return new Outcome.Refused(problems);
        }
        String secret = WebhookSignature.newSecret();
        UUID id = endpoints.create(organisationId, mode, url, description, distinct(subscriptions), secret);
        return new Outcome.Made(find(organisationId, id).orElseThrow(), secret);
    }

    /** Enables (clearing the failure count: what waits is then sent, in order) or disables; false when not found. */
    public boolean setEnabled(UUID organisationId, UUID id, boolean enabled, String reason) {
        Optional<WebhookEndpoints.Endpoint> endpoint = own(organisationId, id);
        if (endpoint.isEmpty()) {
            return false;
        }
        boolean now = WebhookEndpoints.ENABLED.equals(endpoint.get().status());
        if (enabled && !now) {
            endpoints.enable(id);
        } else if (!enabled && now) {
            endpoints.disable(id, reason);
        }
        return true;
    }

    public enum Removal {
        DELETED,
        NOT_FOUND,
        /** An envelope's own destination: its envelopes still name it; it can be disabled instead. */
        ENVELOPE_DESTINATION
    }

    /** Deletes an organisation endpoint; what was still pending for it is not sent. */
    public Removal delete(UUID organisationId, UUID id) {
        Optional<WebhookEndpoints.Endpoint> endpoint = own(organisationId, id);
        if (endpoint.isEmpty()) {
            return Removal.NOT_FOUND;
        }
        if (!WebhookEndpoints.ORGANISATION.equals(endpoint.get().source())) {
            return Removal.ENVELOPE_DESTINATION;
        }
        tx.executeWithoutResult(s -> {
            endpoints.delete(id);
            jdbc.sql("""
                    update outbox_message set status = 'CANCELLED', claimed_until = null
                    where status = 'PENDING' and id in (select outbox_id from webhook_message where endpoint_id = ?)""").param(id).update();
        });
        return Removal.DELETED;
    }

    /**
     * A new secret for an organisation endpoint, shown this once; the old one keeps signing too for
     * {@code signet.webhooks.rotation-overlap}. Empty when not found; refused for an envelope's
     * destination, which the envelope secret signs.
     */
    public Optional<Outcome> rotate(UUID organisationId, UUID id) {
        Optional<WebhookEndpoints.Endpoint> endpoint = own(organisationId, id);
        if (endpoint.isEmpty()) {
            return Optional.empty();
        }
        if (!WebhookEndpoints.ORGANISATION.equals(endpoint.get().source())) {
            return Optional.of(new Outcome.Refused(
                    List.of(new FieldError("source", "an envelope's destination is signed with the envelope secret"))));
        }
        String secret = WebhookSignature.newSecret();
        endpoints.rotate(id, secret, properties.rotationOverlap());
        return Optional.of(new Outcome.Made(find(organisationId, id).orElseThrow(), secret));
    }

    /** The secret that signs envelopes' own destinations, made or rotated, shown this once. */
    public String rotateEnvelopeSecret(UUID organisationId, Mode mode) {
        String secret = WebhookSignature.newSecret();
        endpoints.rotateEnvelopeSecret(organisationId, mode, secret, properties.rotationOverlap());
        return secret;
    }

    /** When the envelope secret's predecessor stops signing, while it still does. */
    public Optional<OffsetDateTime> envelopeSecretPreviousExpiresAt(UUID organisationId, Mode mode) {
        return endpoints.envelopeSecretPreviousUntil(organisationId, mode).filter(t -> t.isAfter(now()));
    }

    /**
     * Queues a {@value #TEST_EVENT} message for this endpoint alone, signed and logged like any other.
     * A disabled endpoint keeps it until it is enabled.
     *
     * @return its {@code webhook-id}, empty when the endpoint is not found
     */
    public Optional<String> sendTest(UUID organisationId, UUID id) {
        Optional<WebhookEndpoints.Endpoint> endpoint = own(organisationId, id);
        return endpoint.map(e -> tx.execute(s -> webhooks.test(e)));
    }

    /** Every try, newest first. */
    public List<Attempt> attempts(UUID organisationId, UUID id, int limit) {
        if (own(organisationId, id).isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select webhook_id, event, attempt, attempted_at, status_code, latency_ms, error
                        from webhook_attempt where endpoint_id = ? order by attempted_at desc, attempt desc limit ?""")
                .params(id, clamp(limit))
                .query((rs, n) -> new Attempt(
                        rs.getString("webhook_id"),
                        rs.getString("event"),
                        rs.getInt("attempt"),
                        rs.getObject("attempted_at", OffsetDateTime.class),
                        (Integer) rs.getObject("status_code"),
                        rs.getLong("latency_ms"),
                        rs.getString("error")))
                .list();
    }

    /** The messages queued for the endpoint, newest first, with where each stands. */
    public List<Message> messages(UUID organisationId, UUID id, int limit) {
        if (own(organisationId, id).isEmpty()) {
            return List.of();
        }
        return jdbc.sql("""
                        select w.webhook_id, o.kind, o.envelope_id, o.status, o.attempts, o.created_at, o.next_attempt_at,
                          o.sent_at, o.last_error,
                          (select a.status_code from webhook_attempt a
                           where a.endpoint_id = w.endpoint_id and a.outbox_id = o.id
                           order by a.attempted_at desc, a.attempt desc limit 1) as last_status_code
                        from webhook_message w join outbox_message o on o.id = w.outbox_id
                        where w.endpoint_id = ? order by w.seq desc limit ?""")
                .params(id, clamp(limit))
                .query((rs, n) -> new Message(
                        rs.getString("webhook_id"),
                        rs.getString("kind"),
                        rs.getObject("envelope_id", UUID.class),
                        rs.getString("status"),
                        rs.getInt("attempts"),
                        rs.getObject("created_at", OffsetDateTime.class),
                        rs.getObject("next_attempt_at", OffsetDateTime.class),
                        rs.getObject("sent_at", OffsetDateTime.class),
                        rs.getString("last_error"),
                        (Integer) rs.getObject("last_status_code")))
                .list();
    }

    /**
     * Sends messages again: the one with {@code webhookId}, or every message first queued since
     * {@code since} (at most {@value #MAX_REPLAY}, oldest first); exactly one of the two is given. A
     * replay keeps the message's {@code webhook-id}, gets a new timestamp and signature, and goes to
     * the back of the endpoint's queue.
     *
     * @return how many were queued; empty when the endpoint, or the one message asked for, is not found
     */
    public Optional<Integer> replay(UUID organisationId, UUID id, String webhookId, OffsetDateTime since) {
        if ((webhookId == null) == (since == null)) {
            throw new IllegalArgumentException("give either webhookId or since");
        }
        Optional<WebhookEndpoints.Endpoint> endpoint = own(organisationId, id);
        if (endpoint.isEmpty()) {
            return Optional.empty();
        }
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
                .param("since", since)
                .param("limit", MAX_REPLAY)
                .query(UUID.class)
                .list();
        if (webhookId != null && originals.isEmpty()) {
            return Optional.empty();
        }
        Integer replayed = tx.execute(s -> {
            int n = 0;
            for (UUID original : originals) {
                webhooks.replay(original, endpoint.get());
                n++;
            }
            return n;
        });
        return Optional.of(replayed == null ? 0 : replayed);
    }

    private Optional<WebhookEndpoints.Endpoint> own(UUID organisationId, UUID id) {
        return endpoints.find(id).filter(e -> e.organisationId().equals(organisationId));
    }

    private static List<String> distinct(List<String> names) {
        Set<String> unique = new LinkedHashSet<>(names);
        return List.copyOf(unique);
    }

    private static EndpointView view(WebhookEndpoints.Endpoint e) {
        OffsetDateTime until = e.previousSecretUntil();
        return new EndpointView(
                e.id(),
                e.mode(),
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
                until != null && until.isAfter(now()) ? until : null,
                e.createdAt());
    }

    private static int clamp(int limit) {
        return Math.max(1, Math.min(limit, MAX_LOG));
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
