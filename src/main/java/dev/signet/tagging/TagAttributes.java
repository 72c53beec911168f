package dev.signet.tagging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;

/**
 * What a tag carries beside its place and type: a text field's prefilled value, help text, read-only
 * flag and pattern, and the reference's {@code merge_field}. Stored as JSON in
 * {@code tag.attributes_json} and read back by {@link #parse} alone, with one policy: only Signet
 * writes that column, so text it cannot read is a fault of ours, never a value to guess at.
 * The signing page receives the same shape.
 *
 * @param readonly {@code null} when the sender did not say; see {@link #readOnly()}
 * @param mergeField kept as given; only an identity-verified signer may have one, and those are refused for now
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
@JsonIgnoreProperties(ignoreUnknown = true)
public record TagAttributes(
        String prefilledValue,
        String helpText,
        Boolean readonly,
        Boolean disableResize,
        Validation validation,
        JsonNode mergeField) {

    public static final TagAttributes NONE = new TagAttributes(null, null, null, null, null, null);

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A text field's pattern, checked when the envelope was created ({@link ValidationPattern}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Validation(String regex, String errorMessage, String flags) {}

    /** The text options an anchor tag can carry. */
    public static TagAttributes text(String prefilledValue, String helpText) {
        return new TagAttributes(prefilledValue, helpText, null, null, null, null);
    }

    /** A read-only text field keeps its prefilled value: the signer cannot change it. */
    public boolean readOnly() {
        return Boolean.TRUE.equals(readonly);
    }

    /** @throws IllegalStateException when the stored text is not the JSON this class wrote */
    public static TagAttributes parse(String json) {
        if (json == null || json.isBlank()) {
            return NONE;
        }
        try {
            return JSON.readValue(json, TagAttributes.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable tag attributes", e);
        }
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
