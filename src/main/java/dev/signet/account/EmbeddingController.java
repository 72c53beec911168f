package dev.signet.account;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
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

    private static final Set<String> FIELDS = Set.of("allowed_origins", "branding");

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
        List<FieldError> errors = new ArrayList<>();
        body.fieldNames().forEachRemaining(f -> {
            if (!FIELDS.contains(f)) {
                errors.add(new FieldError(f, "is not an embedding setting (allowed_origins, branding)"));
            }
        });
        JsonNode origins = body.path("allowed_origins");
        Set<String> normalised = new LinkedHashSet<>();
        if (!origins.isArray() || origins.size() > EmbeddingSettings.MAX_ORIGINS) {
            errors.add(new FieldError(
                    "allowed_origins", "must be an array of at most " + EmbeddingSettings.MAX_ORIGINS + " origins"));
        } else {
            for (int i = 0; i < origins.size(); i++) {
                String origin = origins.get(i).isTextual() ? origins.get(i).asText() : null;
                var problem = EmbeddingSettings.originProblem(origin, caller.sandbox());
                if (problem.isPresent()) {
                    errors.add(new FieldError("allowed_origins[" + i + "]", problem.get()));
                } else {
                    normalised.add(EmbeddingSettings.normalise(origin));
                }
            }
        }
        Branding.problems(body.get("branding"), "branding")
                .forEach(p -> errors.add(new FieldError(p.field(), p.message())));
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        settings.save(
                caller.organisationId(), caller.mode(), List.copyOf(normalised), Branding.of(body.get("branding")));
        return get(caller);
    }

    private static Map<String, Object> json(EmbeddingSettings.Settings s) {
        return Map.of(
                "allowed_origins", s.allowedOrigins(), "branding", s.branding().toJson());
    }
}
