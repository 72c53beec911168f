package dev.signet.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.account.Caller;
import dev.signet.document.DocumentStore;
import dev.signet.web.ApiException;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Encoding;
import io.swagger.v3.oas.annotations.media.Schema;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;

/** The sender's envelope API, compatible with Yoti Sign v2. */
@RestController
class EnvelopeController {

    private final EnvelopeService envelopes;
    private final EnvelopeRepository repository;
    private final DocumentStore documents;
    private final IdempotencyStore idempotency;
    private final ObjectMapper json;
    private final CompletionPackResends resends;
    private final OfflineSigning offline;
    private final Envelopes door;

    EnvelopeController(
            EnvelopeService envelopes,
            EnvelopeRepository repository,
            DocumentStore documents,
            IdempotencyStore idempotency,
            ObjectMapper json,
            CompletionPackResends resends,
            OfflineSigning offline,
            Envelopes door) {
        this.door = door;
        this.resends = resends;
        this.offline = offline;
        this.documents = documents;
        this.envelopes = envelopes;
        this.repository = repository;
        this.idempotency = idempotency;
        this.json = json;
    }

    @PostMapping(path = "/v2/envelopes", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @Operation(
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = MediaType.MULTIPART_FORM_DATA_VALUE,
                                            schema = @Schema(implementation = CreateRequestParts.class),
                                            encoding =
                                                    @Encoding(
                                                            name = "options",
                                                            contentType = MediaType.APPLICATION_JSON_VALUE))))
    ResponseEntity<String> create(
            Caller caller,
            MultipartHttpServletRequest request,
            @RequestHeader(name = "Idempotency-Key", required = false) String idempotencyKey)
            throws IOException {
        List<UploadedFile> files = new ArrayList<>();
        for (MultipartFile part : request.getFiles("file")) {
            files.add(new UploadedFile(part.getOriginalFilename(), part.getBytes()));
        }
        EnvelopeService.ValidatedRequest validated = envelopes.validate(caller, files, optionsPart(request));
        if (idempotencyKey != null) {
            Optional<IdempotencyStore.StoredResponse> earlier =
                    idempotency.replay(caller, idempotencyKey, validated.requestHash());
            if (earlier.isPresent()) {
                return jsonResponse(earlier.get().status(), earlier.get().body());
            }
        }
        try {
            String body = envelopes.create(caller, validated, idempotencyKey);
            return jsonResponse(HttpStatus.ACCEPTED.value(), body);
        } catch (DuplicateKeyException raced) {
            // A concurrent request with the same key won; answer what it answered.
            var earlier = idempotency
                    .replay(caller, idempotencyKey, validated.requestHash())
                    .orElseThrow(() -> raced);
            return jsonResponse(earlier.status(), earlier.body());
        }
    }

    private static String optionsPart(MultipartHttpServletRequest request) throws IOException {
        String options = request.getParameter("options");
        if (options == null && request.getFile("options") != null) {
            options = new String(request.getFile("options").getBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        return options;
    }

    private static ResponseEntity<String> jsonResponse(int status, String body) {
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_JSON)
                .body(body);
    }

    @GetMapping("/v2/envelopes/{id}")
    EnvelopeView.EnvelopeJson get(Caller caller, @PathVariable UUID id) {
        Envelope envelope = envelopes.get(caller, id);
        return EnvelopeView.of(envelope, repository.recipients(id), documents.documents(id), repository.tags(id), json);
    }

    @GetMapping("/v2/envelopes/{id}/status")
    Object status(Caller caller, @PathVariable UUID id) {
        Envelope envelope = envelopes.get(caller, id);
        if (envelope.status() == EnvelopeStatus.ERRORED) {
            return get(caller, id);
        }
        return Map.of("status", envelope.status().statusEndpointName());
    }

    @PatchMapping("/v2/envelopes/{id}")
    ResponseEntity<Void> archive(Caller caller, @PathVariable UUID id) {
        envelopes.archive(caller, id);
        return ResponseEntity.noContent().build();
    }

    @DeleteMapping("/v2/envelopes/{id}")
    ResponseEntity<Void> delete(Caller caller, @PathVariable UUID id) {
        envelopes.delete(caller, id);
        return ResponseEntity.noContent().build();
    }

    @PostMapping("/v2/envelopes/{id}/recipients/{recipientId}/send-reminder")
    Map<String, UUID> remind(Caller caller, @PathVariable UUID id, @PathVariable UUID recipientId) {
        return Map.of("recipient_id", envelopes.remind(caller, id, recipientId));
    }

    @PatchMapping(path = "/v2/envelopes/{id}/recipients/{recipientId}", consumes = MediaType.APPLICATION_JSON_VALUE)
    EnvelopeView.RecipientJson editRecipient(
            Caller caller, @PathVariable UUID id, @PathVariable UUID recipientId, @RequestBody JsonNode body) {
        Recipient recipient = envelopes.editRecipient(caller, id, recipientId, body);
        return EnvelopeView.recipient(recipient, repository.tags(id));
    }

    /** The completion email again, with its pack, to one recipient (reference §1.9). */
    @PatchMapping("/v2/envelopes/{id}/recipients/{recipientId}/resend-completion-pack")
    Map<String, UUID> resendCompletionPack(Caller caller, @PathVariable UUID id, @PathVariable UUID recipientId) {
        return Map.of("recipient_id", resends.resend(caller, id, recipientId));
    }

    /**
     * A copy the recipient signed on paper (reference §1.11): 202 QUEUED once taken; a file that
     * cannot be used is reported through the {@code sign_offline_upload_errors} webhook.
     */
    @PostMapping(
            path = "/v2/envelopes/{id}/recipients/{recipientId}/signed-documents",
            consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<Map<String, String>> signedOffline(
            Caller caller, @PathVariable UUID id, @PathVariable UUID recipientId, MultipartHttpServletRequest request)
            throws IOException {
        List<MultipartFile> parts = request.getFiles("file");
        if (parts.size() > 1) {
            throw ApiException.badRequest("MALFORMED_REQUEST", "The request takes one part, 'file'");
        }
        MultipartFile part = parts.isEmpty() ? null : parts.get(0);
        offline.upload(
                caller,
                id,
                recipientId,
                part == null ? null : part.getOriginalFilename(),
                part == null ? null : part.getBytes());
        return ResponseEntity.status(HttpStatus.ACCEPTED).body(Map.of("status", "QUEUED"));
    }

    /** The completion pack; until the envelope is complete there is nothing final to hand out. */
    @GetMapping("/v2/envelopes/{id}/completed-documents")
    ResponseEntity<byte[]> completedDocuments(Caller caller, @PathVariable UUID id) {
        byte[] zip = door.completedDocuments(caller, id);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"envelope-" + id + ".zip\"")
                .body(zip);
    }

    /**
     * The body is read as JSON whatever the Content-Type says: clients written from the reference's
     * examples often send none, and a 415 for that would break them (issue 14).
     */
    @PostMapping(path = "/v2/organisations/envelopes/find")
    Map<String, Object> find(Caller caller, @RequestBody byte[] content) {
        JsonNode body;
        try {
            body = json.readTree(content);
        } catch (java.io.IOException e) {
            throw ApiException.badRequest(
                    "MALFORMED_REQUEST", "The request body is not valid JSON of the expected shape");
        }
        JsonNode ids = body == null ? null : body.get("envelope_ids");
        if (ids == null || !ids.isArray() || ids.size() > 100) {
            throw ApiException.validation(List.of(
                    new dev.signet.web.FieldError("envelope_ids", "must be an array of at most 100 envelope ids")));
        }
        List<UUID> uuids = new ArrayList<>();
        for (int i = 0; i < ids.size(); i++) {
            try {
                uuids.add(UUID.fromString(ids.get(i).asText()));
            } catch (IllegalArgumentException e) {
                throw ApiException.validation(List.of(new dev.signet.web.FieldError(
                        "envelope_ids[" + i + "]", "'" + ids.get(i).asText() + "' is not an envelope id")));
            }
        }
        return Map.of(
                "envelopes",
                repository.findVisible(uuids, caller.organisationId(), caller.mode()).stream()
                        .map(EnvelopeView::found)
                        .toList());
    }

    @GetMapping({"/v2/organisations/envelopes/search", "/v2/organisation/envelopes/search"})
    Map<String, Object> search(
            Caller caller,
            @RequestParam(name = "from_date", required = false) String fromDate,
            @RequestParam(name = "to_date", required = false) String toDate,
            @RequestParam(name = "status[]", required = false) List<String> statusArray,
            @RequestParam(name = "status", required = false) List<String> statusPlain,
            @RequestParam(name = "offset", defaultValue = "0") int offset,
            @RequestParam(name = "limit", defaultValue = "10") int limit) {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate from = date(fromDate, "from_date", today.minusMonths(3));
        LocalDate to = date(toDate, "to_date", today.plusDays(1));
        if (offset < 0) {
            throw ApiException.validation(List.of(new dev.signet.web.FieldError("offset", "must be 0 or more")));
        }
        if (limit < 1 || limit > 500) {
            throw ApiException.validation(List.of(new dev.signet.web.FieldError("limit", "must be 1 to 500")));
        }
        Set<EnvelopeStatus> statuses = new LinkedHashSet<>();
        List<String> requested = new ArrayList<>();
        Optional.ofNullable(statusArray).ifPresent(requested::addAll);
        Optional.ofNullable(statusPlain).ifPresent(requested::addAll);
        for (String s : requested) {
            for (String one : s.split(",")) {
                String name = one.trim().toUpperCase(Locale.ROOT);
                if (name.equals("COMPLETED")) {
                    name = "COMPLETE";
                }
                String candidate = name;
                statuses.add(Arrays.stream(EnvelopeStatus.values())
                        .filter(st -> st.name().equals(candidate))
                        .findFirst()
                        .orElseThrow(() -> ApiException.validation(List.of(
                                new dev.signet.web.FieldError("status", "'" + one + "' is not an envelope status")))));
            }
        }
        EnvelopeRepository.Page page = repository.search(
                caller.organisationId(),
                caller.mode(),
                from.atStartOfDay().atOffset(ZoneOffset.UTC),
                to.atStartOfDay().atOffset(ZoneOffset.UTC),
                statuses,
                offset,
                limit);
        return Map.of(
                "envelopes", page.items().stream().map(EnvelopeView::found).toList(), "total", page.total());
    }

    private static LocalDate date(String value, String field, LocalDate fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return LocalDate.parse(value);
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.validation(
                    List.of(new dev.signet.web.FieldError(field, "must be a date like 2025-01-31")));
        }
    }
}
