package dev.signet.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.account.Caller;
import dev.signet.envelope.Envelopes;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import dev.signet.web.RequestBodyLimit;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Encoding;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/**
 * {@code /v2/templates}, a Signet extension: save, list, show, delete, export and import templates,
 * and send envelopes from them. API-key callers, of one organisation and mode, like every
 * {@code /v2} route; another organisation's template is a 404.
 */
@RestController
class TemplateController {

    private final Templates templates;
    private final ObjectMapper json;

    TemplateController(Templates templates, ObjectMapper json) {
        this.templates = templates;
        this.json = json;
    }

    record Listed(List<Templates.Template> templates) {}

    @PostMapping(path = "/v2/templates", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(
            summary = "Save a template: the files and the options of an envelope create, each recipient a role",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                                            schema = @Schema(ref = "#/components/schemas/CreateEnvelopeRequest"),
                                            encoding =
                                                    @Encoding(
                                                            name = "options",
                                                            contentType = MediaType.APPLICATION_JSON_VALUE))))
    ResponseEntity<Templates.Template> save(Caller caller, MultipartHttpServletRequest request) throws IOException {
        List<Envelopes.Upload> files = new ArrayList<>();
        for (MultipartFile part : request.getFiles("file")) {
            files.add(new Envelopes.Upload(part.getOriginalFilename(), part.getBytes()));
        }
        String options = request.getParameter("options");
        if (options == null && request.getFile("options") != null) {
            options = new String(request.getFile("options").getBytes(), StandardCharsets.UTF_8);
        }
        return ResponseEntity.status(HttpStatus.CREATED).body(templates.save(caller, files, options));
    }

    /** Newest first, without each template's options (GET one for them). */
    @GetMapping("/v2/templates")
    Listed list(Caller caller) {
        return new Listed(templates.list(caller).stream()
                .map(t ->
                        new Templates.Template(t.templateId(), t.name(), t.createdAt(), t.roles(), t.documents(), null))
                .toList());
    }

    @GetMapping("/v2/templates/{id}")
    Templates.Template get(Caller caller, @PathVariable UUID id) {
        return templates.get(caller, id);
    }

    @DeleteMapping("/v2/templates/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id) {
        templates.delete(caller, id);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/v2/templates/{id}/export")
    @Operation(summary = "The template as one JSON file: format, version, options and base64 documents with SHA-256")
    ResponseEntity<byte[]> export(Caller caller, @PathVariable UUID id) {
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"template-" + id + ".json\"")
                .body(templates.export(caller, id));
    }

    /** The body is read as JSON whatever its Content-Type says, as an exported file is often posted as one. */
    @PostMapping("/v2/templates/import")
    @Operation(summary = "Import a template from the JSON file GET /v2/templates/{id}/export wrote")
    ResponseEntity<Templates.Template> importFile(Caller caller, @RequestBody byte[] body) {
        return ResponseEntity.status(HttpStatus.CREATED).body(templates.importFile(caller, body));
    }

    @PostMapping("/v2/templates/{id}/envelopes")
    @Operation(summary = "Send an envelope from the template: a person for each role, optionally replacing options")
    ResponseEntity<Map<String, UUID>> send(
            Caller caller,
            @PathVariable UUID id,
            @RequestBody byte[] body,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey) {
        if (idempotencyKey != null) {
            // Refused rather than ignored: a client that sends it counts on a replay Signet would not make.
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "IDEMPOTENCY_NOT_SUPPORTED",
                    "Idempotency-Key is not taken when sending from a template",
                    List.of(new FieldError("Idempotency-Key", "is not taken on this endpoint")));
        }
        JsonNode request;
        try {
            request = json.readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest(
                    "MALFORMED_REQUEST", "The request body is not valid JSON of the expected shape");
        }
        UUID envelopeId = templates.send(caller, id, request);
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("envelope_id", envelopeId));
    }

    @GetMapping("/v2/templates/{id}/api-request")
    @Operation(summary = "The POST /v2/envelopes request the template makes, a placeholder for each person")
    Templates.ApiRequest apiRequest(Caller caller, @PathVariable UUID id) {
        return templates.apiRequest(caller, id);
    }

    /** The bodies that carry documents: as an envelope create, and an export's base64 of them. */
    @Configuration(proxyBeanMethods = false)
    static class Limits {

        @Bean
        RequestBodyLimit templateUpload() {
            return RequestBodyLimit.of(HttpMethod.POST, "/v2/templates", 25 * RequestBodyLimit.MB);
        }

        @Bean
        RequestBodyLimit templateImport() {
            return RequestBodyLimit.of(HttpMethod.POST, "/v2/templates/import", TemplateFile.MAX_FILE_BYTES);
        }
    }
}
