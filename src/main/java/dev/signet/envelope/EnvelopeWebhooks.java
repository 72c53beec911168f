package dev.signet.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.document.Document;
import dev.signet.document.DocumentStore;
import dev.signet.notification.webhook.Webhooks;
import dev.signet.tagging.Tag;
import java.util.List;
import java.util.UUID;
import java.util.function.Predicate;
import org.springframework.context.event.EventListener;
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

    // Each event carries the envelope row its step already read (under the step's lock), with its webhook options:
    // deciding that nobody listens costs no read. A body is built, from a fresh read where the step changed the row,
    // only when someone does.

    /** The envelope became ACTIVE: its documents are prepared and sealed for signing. */
    record Ready(Envelope envelope) {}

    /** Preparation failed and the envelope is ERRORED with its errors. */
    record UploadErrors(Envelope envelope) {}

    /** A signer's signature is on the documents. */
    record SignerCompleted(Envelope envelope, UUID recipientId) {}

    /** Everyone signed: the envelope is COMPLETE. */
    record Completed(Envelope envelope) {}

    /** A paper-signed copy was uploaded and could not be used; the recipient is as they were. */
    record SignOfflineUploadErrors(Envelope envelope, UUID recipientId, String fileName, String code) {}

    private final EnvelopeRepository repository;
    private final DocumentStore documents;
    private final Webhooks webhooks;
    private final ObjectMapper json;

    EnvelopeWebhooks(EnvelopeRepository repository, DocumentStore documents, Webhooks webhooks, ObjectMapper json) {
        this.repository = repository;
        this.documents = documents;
        this.webhooks = webhooks;
        this.json = json;
    }

    /** {@code envelope_ready} (and its alias): note the capitalised keys, exactly as the reference prints them. */
    @EventListener
    void on(Ready ready) {
        if (!wanted(ready.envelope(), "envelope_ready")) {
            return;
        }
        emit(ready.envelope(), "envelope_ready", readyBody(ready.envelope()));
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
        if (!wanted(failed.envelope(), "upload_errors")) {
            return;
        }
        // The step wrote the errors after it read the row.
        Envelope envelope = repository.find(failed.envelope().id()).orElseThrow();
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
        if (!wanted(envelope, kind)) {
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
     * the recipient and the provider's session id and state, or the resource or task; never a name
     * read from a document.
     */
    @EventListener
    void on(IdvEvent idv) {
        // Rare (a few per identity check), so the envelope is read here rather than carried in the event.
        Envelope envelope = repository.find(idv.envelopeId()).orElseThrow();
        if (!wanted(envelope, idv.event())) {
            return;
        }
        ObjectNode body = json.createObjectNode()
                .put("envelope_id", envelope.id().toString())
                .put("recipient_id", idv.recipientId().toString())
                .put("status", envelope.status().name());
        if (idv.sessionId() != null) {
            body.put("session_id", idv.sessionId());
        }
        // The resource and task events carry what Yoti IDV's own notification carries: its topic and the
        // resource's or task's id (the result JSON and media endpoints then say more).
        switch (idv.event()) {
            case IdvEvent.SESSION_LIMIT_REACHED -> body.put("session_limit", idv.state());
            case IdvEvent.RESOURCE_UPDATE ->
                body.put("topic", "resource_update").put("resource_id", idv.itemId());
            case IdvEvent.TASK_COMPLETION ->
                body.put("topic", "task_completion")
                        .put("task_id", idv.itemId())
                        .put("task_type", idv.state());
            default -> body.put("state", idv.state());
        }
        emit(envelope, idv.event(), body);
    }

    @EventListener
    void on(SignerCompleted signed) {
        if (!wanted(signed.envelope(), "signer_completion")) {
            return;
        }
        emit(signed.envelope(), "signer_completion", state(signed.envelope(), "ACTIVE", Recipient::signed));
    }

    @EventListener
    void on(Completed completed) {
        if (!wanted(completed.envelope(), "envelope_completion")) {
            return;
        }
        // The step set completed_at after it read the row.
        Envelope envelope = repository.find(completed.envelope().id()).orElseThrow();
        emit(envelope, "envelope_completion", state(envelope, "COMPLETE", r -> true));
    }

    /**
     * {@code sign_offline_upload_errors}: the reference names the event but prints no body, so it
     * takes the shape of {@code upload_errors}, with the recipient the upload was for.
     */
    @EventListener
    void on(SignOfflineUploadErrors failed) {
        if (!wanted(failed.envelope(), "sign_offline_upload_errors")) {
            return;
        }
        Envelope envelope = failed.envelope();
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
        webhooks.emit(new Webhooks.Event(
                envelope.organisationId(),
                envelope.mode(),
                envelope.id(),
                envelope.webhooks().destination(),
                envelope.webhooks().subscriptions(),
                event,
                body));
    }

    /**
     * Whether anyone listens, from the envelope's own options; without a destination, notification
     * asks its organisation's endpoints only when it has any (a short-lived flag, see {@link Webhooks#wanted}).
     */
    private boolean wanted(Envelope envelope, String event) {
        return webhooks.wanted(
                envelope.organisationId(),
                envelope.mode(),
                envelope.webhooks().destination(),
                envelope.webhooks().subscriptions(),
                event);
    }

    private JsonNode errors(Envelope envelope) {
        try {
            return envelope.errorsJson() == null ? json.createArrayNode() : json.readTree(envelope.errorsJson());
        } catch (Exception e) {
            return json.createArrayNode();
        }
    }
}
