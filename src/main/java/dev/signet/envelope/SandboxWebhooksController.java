package dev.signet.envelope;

import dev.signet.account.Caller;
import dev.signet.web.ApiException;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v2/sandbox/envelopes/{id}/webhooks/{event}}: fires one webhook event of the
 * caller's sandbox envelope now, with the body the event would carry at this moment, to wherever the
 * envelope's events go (its {@code notifications}, or the organisation's endpoints). So an integrator
 * can test a receiver for every event without driving an envelope there. Sandbox keys only.
 */
@RestController
class SandboxWebhooksController {

    private final EnvelopeRepository repository;
    private final EnvelopeWebhooks webhooks;

    SandboxWebhooksController(EnvelopeRepository repository, EnvelopeWebhooks webhooks) {
        this.repository = repository;
        this.webhooks = webhooks;
    }

    @PostMapping("/v2/sandbox/envelopes/{id}/webhooks/{event}")
    ResponseEntity<Void> fire(Caller caller, @PathVariable UUID id, @PathVariable String event) {
        if (!caller.sandbox()) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN, "SANDBOX_ONLY", "Webhook events are fired on demand with a sandbox key only");
        }
        Envelope envelope = repository
                .findVisible(id, caller.organisationId(), caller.mode())
                .orElseThrow(() -> ApiException.notFound("Envelope"));
        if (!EnvelopeWebhooks.EVENTS.contains(event)) {
            throw ApiException.notFound("Webhook event");
        }
        if (!webhooks.fire(envelope, event)) {
            throw ApiException.conflict(
                    "NOT_SUBSCRIBED",
                    "Nothing subscribes to " + event
                            + " for this envelope: give it notifications or add an organisation webhook endpoint");
        }
        return ResponseEntity.accepted().build();
    }
}
