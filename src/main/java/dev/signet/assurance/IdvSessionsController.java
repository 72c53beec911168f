package dev.signet.assurance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.account.Caller;
import dev.signet.envelope.Envelopes;
import dev.signet.envelope.IdvConfig;
import dev.signet.envelope.Recipient;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import dev.signet.web.TextRules;
import jakarta.servlet.http.HttpServletRequest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The sender's identity verification endpoints (reference 1.13, endpoints 15 to 20): the session
 * configurations, prebuilt and the organisation's custom ones; a recipient's session result as the
 * provider gave it, as a PDF report and its media items; and doubling a recipient's session limit.
 * A recipient of another organisation or mode is 404, as their envelope.
 */
@RestController
class IdvSessionsController {

    /** A provider's media id: Yoti's and the sandbox's are UUIDs; nothing else reaches a provider. */
    private static final Pattern MEDIA_ID = Pattern.compile("[0-9a-fA-F-]{36}");
    /** The reference's GET body is one flag. */
    private static final int MAX_GET_BODY = 1024;
    /** When to ask again for a media item whose provider did not answer. */
    private static final long RETRY_AFTER_SECONDS = 30;

    private final Envelopes envelopes;
    private final IdvService idv;
    private final ObjectMapper json;

    IdvSessionsController(Envelopes envelopes, IdvService idv, ObjectMapper json) {
        this.envelopes = envelopes;
        this.idv = idv;
        this.json = json;
    }

    /**
     * The prebuilt configurations and the organisation's custom ones this key may use; with {@code
     * {"detailed_session_configs": true}} (the reference's JSON body, or the same query parameter)
     * each with the session specification Signet runs for it.
     */
    @GetMapping("/v2/idv/sessions/configs")
    ObjectNode configs(
            Caller caller,
            HttpServletRequest request,
            @RequestParam(name = "detailed_session_configs", required = false) Boolean detailedParam) {
        boolean detailed = Boolean.TRUE.equals(detailedParam) || detailedInBody(request);
        ObjectNode answer = json.createObjectNode();
        ArrayNode configs = answer.putArray("session_configs");
        for (IdvService.SessionConfig c :
                idv.sessionConfigs(caller.organisationId(), caller.mode(), caller.apiKeyId())) {
            ObjectNode item = configs.addObject()
                    .put("name", c.name())
                    .put("is_custom", c.custom())
                    .put("is_private", c.isPrivate());
            if (detailed) {
                item.set("session_config", c.sessionConfig());
            }
        }
        return answer;
    }

    /** The GET's optional JSON body, read whatever its Content-Type says (clients send it as they like). */
    private boolean detailedInBody(HttpServletRequest request) {
        byte[] raw;
        try {
            raw = request.getInputStream().readNBytes(MAX_GET_BODY + 1);
        } catch (IOException unreadable) {
            throw ApiException.badRequest("MALFORMED_REQUEST", "The request body could not be read");
        }
        if (raw.length > MAX_GET_BODY) {
            throw ApiException.validation(
                    java.util.List.of(new FieldError("", "the body may only hold detailed_session_configs")));
        }
        if (new String(raw, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return false;
        }
        JsonNode body;
        try {
            body = json.readTree(raw);
        } catch (IOException notJson) {
            throw ApiException.badRequest("MALFORMED_REQUEST", "The request body is not valid JSON");
        }
        JsonNode flag = body.get("detailed_session_configs");
        if (!body.isObject() || body.size() != 1 || flag == null || !flag.isBoolean()) {
            throw ApiException.validation(java.util.List.of(
                    new FieldError("detailed_session_configs", "the body may only hold this flag, true or false")));
        }
        return flag.asBoolean();
    }

    /**
     * Creates a custom configuration (endpoint 16): 201 with it as Signet will run it; 422 naming
     * each field Signet cannot carry out; 409 when the organisation has one of that name.
     */
    @PostMapping("/v2/idv/sessions/configs")
    ResponseEntity<ObjectNode> createConfig(Caller caller, @RequestBody(required = false) byte[] content) {
        JsonNode body;
        try {
            body = content == null ? null : json.readTree(content);
        } catch (IOException notJson) {
            throw ApiException.badRequest("MALFORMED_REQUEST", "The request body is not valid JSON");
        }
        if (body != null) {
            TextRules.requireClean(body);
        }
        IdvService.NewSessionConfig created =
                idv.createSessionConfig(caller.organisationId(), caller.mode(), caller.apiKeyId(), body);
        if (created instanceof IdvService.ConfigRefused refused) {
            throw ApiException.validation(refused.problems().stream()
                    .map(p -> new FieldError(p.field(), p.message()))
                    .toList());
        }
        if (created instanceof IdvService.ConfigExists exists) {
            throw ApiException.conflict(
                    "SESSION_CONFIG_EXISTS",
                    "The organisation has a session configuration named '" + exists.name() + "' already");
        }
        IdvService.SessionConfig config = ((IdvService.ConfigCreated) created).config();
        ObjectNode answer = json.createObjectNode()
                .put("name", config.name())
                .put("is_custom", true)
                .put("is_private", config.isPrivate());
        answer.set("session_config", config.sessionConfig());
        return ResponseEntity.status(HttpStatus.CREATED).body(answer);
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

    /**
     * The latest session's PDF report in a ZIP, as the reference answers (endpoint 18); 409 while
     * the session is ongoing, as there is no outcome to report yet.
     */
    @GetMapping("/v2/idv/recipients/{recipientId}/sessions/signed/pdf")
    ResponseEntity<byte[]> report(Caller caller, @PathVariable UUID recipientId) {
        Recipient recipient = visibleIdvRecipient(caller, recipientId);
        IdvConfig config = config(recipient);
        if (idv.latest(recipient.id(), config).isEmpty()) {
            throw ApiException.notFound("Identity verification session");
        }
        byte[] pdf = idv.report(recipient.envelopeId(), recipient.id(), recipient.name(), config)
                .orElseThrow(() -> ApiException.conflict(
                        "IDV_SESSION_ONGOING",
                        "The recipient's identity verification session has no result yet (state ONGOING)"));
        String name = "idv-report-" + recipient.id();
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".zip\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(zip(name + ".pdf", pdf));
    }

    /**
     * One media item of the latest session (endpoint 19), with the provider's content type: JSON for
     * the fields read from a document, an image type for pictures. 503 with Retry-After when the
     * provider does not answer.
     */
    @GetMapping("/v2/idv/recipients/{recipientId}/sessions/signed/media/{mediaId}")
    ResponseEntity<byte[]> media(Caller caller, @PathVariable UUID recipientId, @PathVariable String mediaId) {
        Recipient recipient = visibleIdvRecipient(caller, recipientId);
        config(recipient);
        if (!MEDIA_ID.matcher(mediaId).matches()) {
            throw ApiException.notFound("Media item");
        }
        IdvService.Media media;
        try {
            media = idv.media(recipient.id(), mediaId).orElseThrow(() -> ApiException.notFound("Media item"));
        } catch (IdvService.ProviderUnavailable down) {
            throw new ApiException(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            "IDV_PROVIDER_UNAVAILABLE",
                            "The identity verification provider did not answer; try again later")
                    .retryAfter(RETRY_AFTER_SECONDS);
        }
        MediaType type;
        try {
            type = MediaType.parseMediaType(media.contentType());
        } catch (RuntimeException unparsable) {
            type = MediaType.APPLICATION_OCTET_STREAM;
        }
        return ResponseEntity.ok()
                .contentType(type)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .body(media.content());
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

    private static byte[] zip(String entry, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content);
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
