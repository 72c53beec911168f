package dev.signet.signing;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.document.PageImages;
import dev.signet.envelope.Envelopes;
import dev.signet.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The recipient API, reached with the token from a signing link. */
@RestController
class SigningController {

    private final SigningService signing;
    private final TokenRateLimit limit;
    private final ChecksOwed checks;
    private final PageImageLimit imageLimit;

    SigningController(SigningService signing, TokenRateLimit limit, ChecksOwed checks, PageImageLimit imageLimit) {
        this.signing = signing;
        this.limit = limit;
        this.checks = checks;
        this.imageLimit = imageLimit;
    }

    @GetMapping("/v2/signing/{token}")
    ResponseEntity<SigningService.SigningView> view(@PathVariable String token) {
        checks.refuseWhileOwed(token);
        return ResponseEntity.ok().header(HttpHeaders.CACHE_CONTROL, "no-store").body(signing.view(token));
    }

    @GetMapping("/v2/signing/{token}/documents/{documentId}")
    ResponseEntity<byte[]> document(
            @PathVariable String token,
            @PathVariable UUID documentId,
            @RequestParam(name = "download", defaultValue = "false") boolean download) {
        checks.refuseWhileOwed(token);
        SigningService.DocumentFile file = signing.file(token, documentId);
        ContentDisposition disposition = (download ? ContentDisposition.attachment() : ContentDisposition.inline())
                .filename(file.name(), StandardCharsets.UTF_8)
                .build();
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .header(HttpHeaders.CONTENT_DISPOSITION, disposition.toString())
                .body(file.content());
    }

    /**
     * A page of a document as it stands, as an image {@code width} device pixels wide (clamped and
     * rounded to the widths {@link PageImages} renders), without this signer's own fields: what the
     * signing page shows until its viewer has loaded. Personal data, like the document: never cached.
     */
    @GetMapping("/v2/signing/{token}/documents/{documentId}/pages/{page}")
    ResponseEntity<byte[]> pageImage(
            @PathVariable String token,
            @PathVariable UUID documentId,
            @PathVariable int page,
            @RequestParam(name = "width", defaultValue = "800") int width) {
        checks.refuseWhileOwed(token);
        imageLimit.check(token);
        PageImages.Image image = signing.pageImage(token, documentId, page, width);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType(image.mediaType()))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header("X-Content-Type-Options", "nosniff")
                .body(image.bytes());
    }

    /** The completion pack, for a signer with their own link once the envelope is complete. */
    @GetMapping("/v2/signing/{token}/completed-documents")
    ResponseEntity<byte[]> completedDocuments(@PathVariable String token) {
        checks.refuseWhileOwed(token);
        return ResponseEntity.ok()
                .contentType(MediaType.parseMediaType("application/zip"))
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"completed-documents.zip\"")
                .body(signing.completionPack(token));
    }

    @PostMapping(path = "/v2/signing/{token}/decline", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> decline(@PathVariable String token, @RequestBody JsonNode body) {
        limit.check(token);
        JsonNode reason = body.path("reason");
        if (!reason.isMissingNode() && !reason.isNull() && !reason.isTextual()) {
            throw ApiException.badRequest("MALFORMED_REQUEST", "'reason' must be a string");
        }
        signing.decline(token, reason.isTextual() ? reason.asText() : null);
        return ResponseEntity.noContent().build();
    }

    @PostMapping(path = "/v2/signing/{token}/submit", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Void> submit(@PathVariable String token, @RequestBody JsonNode body, HttpServletRequest request) {
        limit.check(token);
        checks.refuseWhileOwed(token);
        JsonNode tags = body.path("tags");
        if (!tags.isArray() && !tags.isMissingNode()) {
            throw ApiException.badRequest("MALFORMED_REQUEST", "'tags' must be an array of {name, value}");
        }
        List<Envelopes.SubmittedValue> values = new ArrayList<>();
        for (JsonNode tag : tags) {
            JsonNode value = tag.get("value");
            values.add(new Envelopes.SubmittedValue(
                    tag.path("name").asText(null), value == null || value.isNull() ? null : value.asText()));
        }
        JsonNode present = body.path("witness_present");
        if (!present.isMissingNode() && !present.isNull() && !present.isBoolean()) {
            throw ApiException.badRequest("MALFORMED_REQUEST", "'witness_present' must be true or false");
        }
        signing.submit(
                token,
                values,
                present.asBoolean(false),
                request.getRemoteAddr(),
                request.getHeader(HttpHeaders.USER_AGENT));
        return ResponseEntity.noContent().build();
    }
}
