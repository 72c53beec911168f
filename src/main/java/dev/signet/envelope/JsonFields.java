package dev.signet.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.web.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads typed values out of a JSON tree and collects every problem under the field's JSON path. */
final class JsonFields {

    private final List<FieldError> errors = new ArrayList<>();

    void error(String field, String message) {
        errors.add(new FieldError(field, message));
    }

    List<FieldError> errors() {
        return errors;
    }

    boolean ok() {
        return errors.isEmpty();
    }

    private static boolean absent(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode();
    }

    Optional<String> string(JsonNode parent, String key, String path) {
        JsonNode node = parent.get(key);
        if (absent(node)) {
            return Optional.empty();
        }
        if (!node.isTextual()) {
            error(path, "must be a string");
            return Optional.empty();
        }
        return Optional.of(node.textValue());
    }

    Optional<Boolean> bool(JsonNode parent, String key, String path) {
        JsonNode node = parent.get(key);
        if (absent(node)) {
            return Optional.empty();
        }
        if (!node.isBoolean()) {
            error(path, "must be true or false");
            return Optional.empty();
        }
        return Optional.of(node.booleanValue());
    }

    /** Integers may come as JSON numbers or, as older clients send them, numeric strings. */
    Optional<Long> integer(JsonNode parent, String key, String path) {
        JsonNode node = parent.get(key);
        if (absent(node)) {
            return Optional.empty();
        }
        if (node.isIntegralNumber()) {
            if (!node.canConvertToLong()) {
                // longValue() would silently wrap it into a small, valid-looking number.
                error(path, "is too large");
                return Optional.empty();
            }
            return Optional.of(node.longValue());
        }
        if (node.isTextual() && node.textValue().matches("-?\\d{1,12}")) {
            return Optional.of(Long.parseLong(node.textValue()));
        }
        error(path, "must be a whole number");
        return Optional.empty();
    }

    Optional<Double> decimal(JsonNode parent, String key, String path) {
        JsonNode node = parent.get(key);
        if (absent(node)) {
            return Optional.empty();
        }
        if (!node.isNumber()) {
            error(path, "must be a number");
            return Optional.empty();
        }
        return Optional.of(node.doubleValue());
    }

    Optional<JsonNode> object(JsonNode parent, String key, String path) {
        JsonNode node = parent.get(key);
        if (absent(node)) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            error(path, "must be an object");
            return Optional.empty();
        }
        return Optional.of(node);
    }

    Optional<JsonNode> array(JsonNode parent, String key, String path) {
        JsonNode node = parent.get(key);
        if (absent(node)) {
            return Optional.empty();
        }
        if (!node.isArray()) {
            error(path, "must be an array");
            return Optional.empty();
        }
        return Optional.of(node);
    }

    List<String> strings(JsonNode parent, String key, String path) {
        List<String> values = new ArrayList<>();
        array(parent, key, path).ifPresent(items -> {
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i).isTextual()) {
                    values.add(items.get(i).textValue());
                } else {
                    error(path + "[" + i + "]", "must be a string");
                }
            }
        });
        return values;
    }
}
