package dev.signet.assurance;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.envelope.IdvConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The body of {@code POST /v2/idv/sessions/configs}: {@code {name, is_private, session_config}}. */
final class IdvSessionConfigRequest {

    private static final Set<String> FIELDS = Set.of("name", "is_private", "session_config");
    private static final int MAX_NAME = 100;

    record Parsed(String name, boolean isPrivate, IdvSessionSpec spec, List<IdvConfig.Problem> problems) {}

    private IdvSessionConfigRequest() {}

    static Parsed parse(JsonNode body) {
        List<IdvConfig.Problem> problems = new ArrayList<>();
        if (body == null || !body.isObject()) {
            return new Parsed(null, false, null, List.of(new IdvConfig.Problem("", "must be a JSON object")));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add(new IdvConfig.Problem(name, "is not a field of a session configuration " + FIELDS));
            }
        }
        String name = name(body.get("name"), problems);
        JsonNode isPrivate = body.get("is_private");
        if (isPrivate != null && !isPrivate.isNull() && !isPrivate.isBoolean()) {
            problems.add(new IdvConfig.Problem("is_private", "must be true or false"));
        }
        IdvSessionSpec spec = null;
        if (body.get("session_config") == null || body.get("session_config").isNull()) {
            problems.add(new IdvConfig.Problem("session_config", "is required: the identity verification session"));
        } else {
            IdvSessionSpec.Parsed parsed = IdvSessionSpec.parse(body.get("session_config"));
            parsed.problems()
                    .forEach(p -> problems.add(new IdvConfig.Problem(
                            "session_config" + (p.field().isEmpty() ? "" : "." + p.field()), p.message())));
            spec = parsed.spec();
        }
        return new Parsed(name, isPrivate != null && isPrivate.asBoolean(), spec, List.copyOf(problems));
    }

    private static String name(JsonNode value, List<IdvConfig.Problem> problems) {
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            problems.add(new IdvConfig.Problem("name", "is required: the name recipients' session_config_name gives"));
            return null;
        }
        String name = value.asText();
        if (name.codePointCount(0, name.length()) > MAX_NAME
                || !name.strip().equals(name)
                || name.codePoints().anyMatch(c -> Character.isISOControl(c) || !Character.isDefined(c))) {
            problems.add(new IdvConfig.Problem(
                    "name", "must be 1 to " + MAX_NAME + " characters, without control characters or edge spaces"));
            return null;
        }
        String folded = name.toLowerCase(Locale.ROOT);
        if (IdvConfig.PREBUILT.stream().anyMatch(p -> p.toLowerCase(Locale.ROOT).equals(folded))) {
            problems.add(new IdvConfig.Problem("name", "'" + name + "' is the name of a prebuilt configuration"));
            return null;
        }
        return name;
    }
}
