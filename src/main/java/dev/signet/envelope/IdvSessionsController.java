package dev.signet.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.account.Caller;
import dev.signet.assurance.IdvConfig;
import dev.signet.assurance.IdvService;
import dev.signet.web.ApiException;
import java.io.IOException;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sender's identity verification endpoints (reference 1.13, endpoints 15, 17 and 20): the
 * session configurations, a recipient's session result as the provider gave it, and doubling a
 * recipient's session limit. A recipient of another organisation or mode is 404, as their envelope.
 */
@RestController
class IdvSessionsController {

    private final Envelopes envelopes;
    private final IdvService idv;
    private final ObjectMapper json;

    IdvSessionsController(Envelopes envelopes, IdvService idv, ObjectMapper json) {
        this.envelopes = envelopes;
        this.idv = idv;
        this.json = json;
    }

    /** The prebuilt configurations; custom ones (endpoint 16) are not offered by this Signet yet. */
    @GetMapping("/v2/idv/sessions/configs")
    ObjectNode configs(Caller caller) {
        ObjectNode body = json.createObjectNode();
        ArrayNode configs = body.putArray("session_configs");
        IdvConfig.PREBUILT.forEach(name ->
                configs.addObject().put("name", name).put("is_custom", false).put("is_private", false));
        return body;
    }

    /** The latest session's result, mirroring the provider's session object; 404 before any session. */
    @GetMapping("/v2/idv/recipients/{recipientId}/sessions/signed/json")
    ResponseEntity<JsonNode> result(Caller caller, @PathVariable UUID recipientId) {
        Recipient recipient = visibleIdvRecipient(caller, recipientId);
        IdvService.Summary summary = idv.latest(recipient.id(), config(recipient))
                .orElseThrow(() -> ApiException.notFound("Identity verification session"));
        ObjectNode body;
        try {
            body = summary.resultJson() == null
                    ? json.createObjectNode()
                    : (ObjectNode) json.readTree(summary.resultJson());
        } catch (IOException | ClassCastException unreadable) {
            body = json.createObjectNode();
        }
        body.put("session_id", summary.sessionId());
        if (!summary.concluded()) {
            body.put("state", "ONGOING");
        }
        body.put("outcome", summary.outcome());
        body.put("session_config_name", summary.sessionConfigName());
        body.put("sessions_used", summary.sessions());
        body.put("session_limit", summary.limit());
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(body);
    }

    /** Doubles the recipient's session limit, up to 50 (reference 1.13). */
    @GetMapping("/v2/idv/recipients/{recipientId}/sessions/reset-limit")
    @Transactional
    ObjectNode resetLimit(Caller caller, @PathVariable UUID recipientId) {
        Recipient recipient = visibleIdvRecipient(caller, recipientId);
        int limit = idv.resetLimit(recipient.envelopeId(), recipient.id(), config(recipient));
        return json.createObjectNode()
                .put("recipient_id", recipient.id().toString())
                .put("session_limit", limit);
    }

    private Recipient visibleIdvRecipient(Caller caller, UUID recipientId) {
        Recipient recipient = envelopes.recipient(recipientId).orElseThrow(() -> ApiException.notFound("Recipient"));
        envelopes.visible(caller, recipient.envelopeId());
        return recipient;
    }

    private IdvConfig config(Recipient recipient) {
        return envelopes
                .idvConfig(recipient.id())
                .orElseThrow(() -> new ApiException(
                        HttpStatus.CONFLICT,
                        "IDV_NOT_REQUIRED",
                        "This recipient does not verify their identity (auth_type idv)"));
    }
}
