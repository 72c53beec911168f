package dev.signet.notification.webhook;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.account.Mode;
import dev.signet.notification.Channel;
import dev.signet.notification.OutboundMessage;
import dev.signet.notification.Outbox;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Where the envelope's steps hand over their webhook events (reference §4.6). Each event becomes
 * one outbox row per subscribed destination, written in the caller's transaction: a step that rolls
 * back sends nothing, and a committed one cannot lose its event.
 *
 * <p>An envelope created with {@code notifications} gets its events at that destination, for the
 * subscriptions it named. An envelope without them gets them at every endpoint its organisation
 * registered ({@code /v2/webhook-endpoints}) that subscribes to the event (all events when the
 * endpoint names none).
 */
@Service
public class Webhooks {

    /** {@code envelope_created} is the reference's alias of {@code envelope_ready}: subscribed to both, both are sent. */
    private static final String READY = "envelope_ready";

    private static final String READY_ALIAS = "envelope_created";

    /**
     * An event about an envelope.
     *
     * @param destination the envelope's own {@code notifications.destination}, or null
     * @param subscriptions the envelope's own {@code notifications.subscriptions}
     * @param payload the documented body without {@code subscription_name}, which is set per subscription
     */
    public record Event(
            UUID organisationId,
            Mode mode,
            UUID envelopeId,
            String destination,
            Collection<String> subscriptions,
            String name,
            ObjectNode payload) {}

    private final WebhookEndpoints endpoints;
    private final Outbox outbox;
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    Webhooks(WebhookEndpoints endpoints, Outbox outbox, JdbcClient jdbc, ObjectMapper json) {
        this.endpoints = endpoints;
        this.outbox = outbox;
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Whether anyone listens for this event, so that a step can skip building a body nobody gets:
     * the envelope's own subscriptions when it has a destination, else its organisation's endpoints,
     * read only when it has any (a flag kept for {@code signet.webhooks.endpoint-presence-ttl}: an
     * endpoint registered on another node gets events from at most that long after).
     */
    public boolean wanted(
            UUID organisationId, Mode mode, String destination, Collection<String> subscriptions, String name) {
        List<String> names = subscriptionNames(name);
        if (destination != null) {
            return names.stream().anyMatch(subscriptions::contains);
        }
        if (!endpoints.hasOrganisationEndpoints(organisationId, mode)) {
            return false;
        }
        return endpoints.organisationDefaults(organisationId, mode).stream()
                .anyMatch(e -> names.stream().anyMatch(e::subscribedTo));
    }

    /** @return how many deliveries were queued */
    @Transactional(propagation = Propagation.MANDATORY)
    public int emit(Event event) {
        int queued = 0;
        if (event.destination() != null) {
            if (event.subscriptions().isEmpty()) {
                return 0;
            }
            WebhookEndpoints.Endpoint endpoint =
                    endpoints.envelopeDestination(event.organisationId(), event.mode(), event.destination());
            for (String subscription : subscriptionNames(event.name())) {
                if (event.subscriptions().contains(subscription)) {
                    queue(endpoint, event, subscription);
                    queued++;
                }
            }
            return queued;
        }
        for (WebhookEndpoints.Endpoint endpoint :
                endpoints.organisationDefaults(event.organisationId(), event.mode())) {
            for (String subscription : subscriptionNames(event.name())) {
                if (endpoint.subscribedTo(subscription)) {
                    queue(endpoint, event, subscription);
                    queued++;
                }
            }
        }
        return queued;
    }

    private static List<String> subscriptionNames(String event) {
        return READY.equals(event) ? List.of(READY, READY_ALIAS) : List.of(event);
    }

    private void queue(WebhookEndpoints.Endpoint endpoint, Event event, String subscription) {
        ObjectNode body = event.payload().deepCopy();
        body.put("subscription_name", subscription);
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        UUID outboxId = outbox.queue(new OutboundMessage(
                event.organisationId(),
                event.mode(),
                event.envelopeId(),
                null,
                Channel.WEBHOOK,
                subscription,
                endpoint.url(),
                null,
                null,
                null,
                text,
                null));
        link(
                outboxId,
                endpoint.id(),
                event.envelopeId(),
                "msg_" + outboxId.toString().replace("-", ""));
    }

    /**
     * Queues a copy of an earlier message (same {@code webhook-id}, same body) at the back of the
     * endpoint's queue, to its current URL.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    void replay(UUID originalOutboxId, WebhookEndpoints.Endpoint endpoint) {
        record Original(UUID envelopeId, String kind, String body, String webhookId) {}
        Original original = jdbc.sql("""
                        select o.envelope_id, o.kind, o.body_text, w.webhook_id
                        from outbox_message o join webhook_message w on w.outbox_id = o.id where o.id = ?""")
                .param(originalOutboxId)
                .query((rs, n) -> new Original(
                        rs.getObject("envelope_id", UUID.class),
                        rs.getString("kind"),
                        rs.getString("body_text"),
                        rs.getString("webhook_id")))
                .single();
        UUID outboxId = outbox.queue(new OutboundMessage(
                endpoint.organisationId(),
                endpoint.mode(),
                original.envelopeId(),
                null,
                Channel.WEBHOOK,
                original.kind(),
                endpoint.url(),
                null,
                null,
                null,
                original.body(),
                null));
        link(outboxId, endpoint.id(), original.envelopeId(), original.webhookId());
    }

    /**
     * Queues a test message for this endpoint alone: {@code subscription_name} {@value
     * WebhookEndpointService#TEST_EVENT}, the endpoint's id and the time, no envelope.
     *
     * @return its {@code webhook-id}
     */
    @Transactional(propagation = Propagation.MANDATORY)
    String test(WebhookEndpoints.Endpoint endpoint) {
        ObjectNode body = json.createObjectNode()
                .put("subscription_name", WebhookEndpointService.TEST_EVENT)
                .put("endpoint_id", endpoint.id().toString())
                .put(
                        "created_at",
                        java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC)
                                .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                                .toString());
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        UUID outboxId = outbox.queue(new OutboundMessage(
                endpoint.organisationId(),
                endpoint.mode(),
                null,
                null,
                Channel.WEBHOOK,
                WebhookEndpointService.TEST_EVENT,
                endpoint.url(),
                null,
                null,
                null,
                text,
                null));
        String webhookId = "msg_" + outboxId.toString().replace("-", "");
        link(outboxId, endpoint.id(), null, webhookId);
        return webhookId;
    }

    /** Ties an outbox row to its endpoint and its place in that endpoint's queue for the envelope. */
    void link(UUID outboxId, UUID endpointId, UUID envelopeId, String webhookId) {
        jdbc.sql("insert into webhook_message (outbox_id, endpoint_id, envelope_id, webhook_id) values (?, ?, ?, ?)")
                .params(outboxId, endpointId, envelopeId, webhookId)
                .update();
    }

    /** The kinds the reference defines, for checks of subscriptions. */
    static final List<String> EVENTS = List.of(
            "envelope_completion",
            READY,
            READY_ALIAS,
            "signer_completion",
            "upload_errors",
            "sign_offline_upload_errors",
            "idv_resource_update",
            "idv_session_completion",
            "idv_check_completion",
            "idv_task_completion",
            "idv_session_limit_reached");
}
