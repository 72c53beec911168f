package dev.signet.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.account.Mode;
import dev.signet.assurance.IdvEvent;
import dev.signet.document.Document;
import dev.signet.document.DocumentStore;
import dev.signet.notification.webhook.Webhooks;
import dev.signet.tagging.Tag;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Turns the envelope's steps into the webhook events of reference §4.6, with their documented
 * bodies, inside the transaction of the step (the events below are published synchronously, from
 * within it). Where they go is {@link Webhooks}' business: the envelope's own
 * {@code notifications}, or its organisation's default endpoints.
 */
@Component
class EnvelopeWebhooks {

    /** The events of reference §4.6 (envelope_created is envelope_ready's other name). */
    static final List<String> EVENTS = List.of(
            "envelope_ready",
            "envelope_created",
            "envelope_completion",
            "signer_completion",
            "upload_errors",
            "sign_offline_upload_errors",
            "idv_resource_update",
            "idv_session_completion",
            "idv_check_completion",
            "idv_task_completion",
            "idv_session_limit_reached");

    private static final String READY_ALIAS = "envelope_created";

    /** The envelope became ACTIVE: its documents are prepared and sealed for signing. */
    record Ready(UUID envelopeId) {}

    /** Preparation failed and the envelope is ERRORED with its errors. */
    record UploadErrors(UUID envelopeId) {}

    /** A signer's signature is on the documents. */
    record SignerCompleted(UUID envelopeId, UUID recipientId) {}

    /** Everyone signed: the envelope is COMPLETE. */
    record Completed(UUID envelopeId) {}

    /** A paper-signed copy was uploaded and could not be used; the recipient is as they were. */
    record SignOfflineUploadErrors(UUID envelopeId, UUID recipientId, String fileName, String code) {}

    private record Notifications(UUID organisationId, Mode mode, String destination, List<String> subscriptions) {}

    private final EnvelopeRepository repository;
    private final DocumentStore documents;
    private final Webhooks webhooks;
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    EnvelopeWebhooks(
            EnvelopeRepository repository,
            DocumentStore documents,
            Webhooks webhooks,
            JdbcClient jdbc,
            ObjectMapper json) {
        this.repository = repository;
        this.documents = documents;
        this.webhooks = webhooks;
        this.jdbc = jdbc;
        this.json = json;
    }

    /** {@code envelope_ready} (and its alias): note the capitalised keys, exactly as the reference prints them. */
    @EventListener
    void on(Ready ready) {
        if (!wanted(ready.envelopeId(), "envelope_ready")) {
            return;
        }
        Envelope envelope = repository.find(ready.envelopeId()).orElseThrow();
        emit(envelope, "envelope_ready", readyBody(envelope));
    }

    private ObjectNode readyBody(Envelope envelope) {
        ObjectNode body =
                json.createObjectNode().put("envelope_id", envelope.id().toString());
        ArrayNode recipients = body.putArray("recipients");
        for (Recipient r : repository.recipients(envelope.id())) {
            if (r.type() != RecipientType.CC) {
                // Signing tokens are handed out only inside the invitation and kept hashed: there is none to give here.
                recipients.addObject().putNull("Token").put("Email", r.email());
            }
        }
        body.put("envelope_name", envelope.name());
        return body;
    }

    @EventListener
    void on(UploadErrors failed) {
        if (!wanted(failed.envelopeId(), "upload_errors")) {
            return;
        }
        Envelope envelope = repository.find(failed.envelopeId()).orElseThrow();
        emit(envelope, "upload_errors", uploadErrorsBody(envelope));
    }

    private ObjectNode uploadErrorsBody(Envelope envelope) {
        ObjectNode body = json.createObjectNode()
                .put("envelope_id", envelope.id().toString())
                .put("status", "ERRORED");
        ArrayNode errors = body.putObject("details").putArray("errors");
        for (JsonNode error : errors(envelope)) {
            errors.addObject()
                    .put("file_name", error.path("file_name").asText(null))
                    .put("code", error.path("code").asText(null));
        }
        return body;
    }

    /**
     * A sandbox integrator's test delivery (SandboxWebhooksController): {@code event} now, with the
     * body it would carry if it happened at this moment (an event without a body of its own here, such
     * as the idv_* ones, carries the envelope's id and status), sent where the envelope's events go.
     *
     * @return false when nothing subscribes to the event for this envelope, so nothing was sent
     */
    @org.springframework.transaction.annotation.Transactional
    public boolean fire(Envelope envelope, String event) {
        String kind = READY_ALIAS.equals(event) ? "envelope_ready" : event;
        if (!wanted(envelope.id(), kind)) {
            return false;
        }
        ObjectNode body = switch (kind) {
            case "envelope_ready" -> readyBody(envelope);
            case "upload_errors" -> uploadErrorsBody(envelope);
            case "signer_completion" -> state(envelope, "ACTIVE", Recipient::signed);
            case "envelope_completion" -> state(envelope, "COMPLETE", r -> true);
            default ->
                json.createObjectNode()
                        .put("envelope_id", envelope.id().toString())
                        .put("status", envelope.status().name());
        };
        emit(envelope, kind, body);
        return true;
    }

    /**
     * A recipient's identity verification moved on (the reference's idv_* events): the envelope,
     * the recipient and the provider's session id and state; never a name read from a document.
     */
    @EventListener
    void on(IdvEvent idv) {
        if (!wanted(idv.envelopeId(), idv.event())) {
            return;
        }
        Envelope envelope = repository.find(idv.envelopeId()).orElseThrow();
        ObjectNode body = json.createObjectNode()
                .put("envelope_id", envelope.id().toString())
                .put("recipient_id", idv.recipientId().toString())
                .put("status", envelope.status().name());
        if (idv.sessionId() != null) {
            body.put("session_id", idv.sessionId());
        }
        body.put(IdvEvent.SESSION_LIMIT_REACHED.equals(idv.event()) ? "session_limit" : "state", idv.state());
        emit(envelope, idv.event(), body);
    }

    @EventListener
    void on(SignerCompleted signed) {
        if (!wanted(signed.envelopeId(), "signer_completion")) {
            return;
        }
        Envelope envelope = repository.find(signed.envelopeId()).orElseThrow();
        emit(envelope, "signer_completion", state(envelope, "ACTIVE", Recipient::signed));
    }

    @EventListener
    void on(Completed completed) {
        if (!wanted(completed.envelopeId(), "envelope_completion")) {
            return;
        }
        Envelope envelope = repository.find(completed.envelopeId()).orElseThrow();
        emit(envelope, "envelope_completion", state(envelope, "COMPLETE", r -> true));
    }

    /**
     * {@code sign_offline_upload_errors}: the reference names the event but prints no body, so it
     * takes the shape of {@code upload_errors}, with the recipient the upload was for.
     */
    @EventListener
    void on(SignOfflineUploadErrors failed) {
        if (!wanted(failed.envelopeId(), "sign_offline_upload_errors")) {
            return;
        }
        Envelope envelope = repository.find(failed.envelopeId()).orElseThrow();
        ObjectNode body = json.createObjectNode()
                .put("envelope_id", envelope.id().toString())
                .put("recipient_id", failed.recipientId().toString())
                .put("status", "ERRORED");
        body.putObject("details")
                .putArray("errors")
                .addObject()
                .put("file_name", failed.fileName())
                .put("code", failed.code());
        body.put("envelope_name", envelope.name());
        emit(envelope, "sign_offline_upload_errors", body);
    }

    /** The shape of {@code envelope_completion} and {@code signer_completion}: the envelope as GET shows it. */
    private ObjectNode state(Envelope envelope, String status, Predicate<Recipient> which) {
        List<Tag> tags = repository.tags(envelope.id());
        ObjectNode body = json.createObjectNode()
                .put("envelope_id", envelope.id().toString())
                .put("status", status);
        body.putObject("platform").put("type", "API");
        body.put("marked_for_deletion", false);
        ObjectNode details = body.putObject("details");
        ArrayNode recipients = details.putArray("recipients");
        for (Recipient r : repository.recipients(envelope.id())) {
            if (which.test(r)) {
                recipients.add(json.valueToTree(EnvelopeView.recipient(r, tags)));
            }
        }
        if (envelope.completedAt() != null) {
            details.set("completed_at", json.valueToTree(envelope.completedAt()));
        }
        ArrayNode files = details.putArray("files");
        for (Document d : documents.documents(envelope.id())) {
            files.addObject().put("id", d.id().toString()).put("name", d.fileName());
        }
        body.put("envelope_name", envelope.name());
        return body;
    }

    private void emit(Envelope envelope, String event, ObjectNode body) {
        Notifications own = notifications(envelope.id());
        webhooks.emit(new Webhooks.Event(
                envelope.organisationId(),
                envelope.mode(),
                envelope.id(),
                own.destination(),
                own.subscriptions(),
                event,
                body));
    }

    /** Most envelopes have no webhook listener: they skip building bodies at the cost of two small reads. */
    private boolean wanted(UUID envelopeId, String event) {
        Notifications own = notifications(envelopeId);
        return webhooks.wanted(own.organisationId(), own.mode(), own.destination(), own.subscriptions(), event);
    }

    private Notifications notifications(UUID envelopeId) {
        return jdbc.sql(
                        "select organisation_id, mode, notification_url, notification_events from envelope where id = ?")
                .param(envelopeId)
                .query((rs, n) -> {
                    String events = rs.getString("notification_events");
                    return new Notifications(
                            rs.getObject("organisation_id", UUID.class),
                            Mode.fromDb(rs.getString("mode")),
                            rs.getString("notification_url"),
                            events == null || events.isBlank()
                                    ? List.of()
                                    : Arrays.stream(events.split(","))
                                            .map(String::trim)
                                            .toList());
                })
                .single();
    }

    private JsonNode errors(Envelope envelope) {
        try {
            return envelope.errorsJson() == null ? json.createArrayNode() : json.readTree(envelope.errorsJson());
        } catch (Exception e) {
            return json.createArrayNode();
        }
    }
}
