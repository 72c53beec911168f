package dev.signet.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET|PUT /v2/embedding}, an extension: the key's organisation and mode say which origins
 * may frame the embedded signing pages and how the signing pages look. PUT replaces both.
 */
@RestController
class EmbeddingController {

    private final EmbeddingSettings settings;

    EmbeddingController(EmbeddingSettings settings) {
        this.settings = settings;
    }

    @GetMapping("/v2/embedding")
    Map<String, Object> get(Caller caller) {
        return json(settings.of(caller.organisationId(), caller.mode()));
    }

    @PutMapping(path = "/v2/embedding", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> put(Caller caller, @RequestBody JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("MALFORMED_REQUEST", "The body must be a JSON object");
        }
        EmbeddingSettings.Checked checked = EmbeddingSettings.check(body, caller.sandbox());
        if (checked instanceof EmbeddingSettings.Checked.Invalid invalid) {
            throw ApiException.validation(invalid.problems().stream()
                    .map(p -> new FieldError(p.field(), p.message()))
                    .toList());
        }
        EmbeddingSettings.Checked.Valid valid = (EmbeddingSettings.Checked.Valid) checked;
        settings.save(caller.organisationId(), caller.mode(), valid.allowedOrigins(), valid.branding());
        return get(caller);
    }

    private static Map<String, Object> json(EmbeddingSettings.Settings s) {
        return Map.of(
                "allowed_origins", s.allowedOrigins(), "branding", s.branding().toJson());
    }
}
