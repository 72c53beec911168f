package dev.signet.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /v2/templates/{id}/envelopes}: a person for each role ({@code recipients}: role, name,
 * email, optionally iso_country_code and mobile_number) and, optionally, top-level {@code options}
 * that replace the template's (any but {@code recipients}). The result is an envelope create's
 * options, judged by the envelope's rules; their problems are reported at the request's own paths.
 */
final class SendRequest {

    private static final Set<String> FIELDS = Set.of("recipients", "options");
    private static final Pattern RECIPIENT_FIELD = Pattern.compile("recipients\\[(\\d+)](\\..+)");

    private final ObjectNode envelopeOptions;
    /** The request's index of the person who fills each role, by the role's index. */
    private final Map<Integer, Integer> personOfRole;

    private final Set<String> overridden;

    private SendRequest(ObjectNode envelopeOptions, Map<Integer, Integer> personOfRole, Set<String> overridden) {
        this.envelopeOptions = envelopeOptions;
        this.personOfRole = personOfRole;
        this.overridden = overridden;
    }

    /** @throws ApiException 422 naming every problem of the request's shape */
    static SendRequest parse(JsonNode body, JsonNode templateOptions) {
        if (body == null || !body.isObject()) {
            throw ApiException.validation(List.of(new FieldError("", "the body must be a JSON object")));
        }
        List<TemplateOptions.Role> roles = TemplateOptions.roles(templateOptions);
        List<FieldError> problems = new ArrayList<>();
        body.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                problems.add(new FieldError(field, "is not taken here: give recipients and, optionally, options"));
            }
        });
        Map<Integer, ObjectNode> people = new HashMap<>();
        Map<Integer, Integer> personOfRole = new HashMap<>();
        people(body.get("recipients"), roles, people, personOfRole, problems);
        JsonNode overrides = body.get("options");
        Set<String> overridden = new java.util.TreeSet<>();
        if (overrides != null && !overrides.isObject()) {
            problems.add(new FieldError("options", "must be a JSON object of options that replace the template's"));
        } else if (overrides != null && overrides.has("recipients")) {
            problems.add(new FieldError(
                    "options.recipients", "is the template's: give the people for its roles in recipients instead"));
        } else if (overrides != null) {
            overrides.fieldNames().forEachRemaining(overridden::add);
        }
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        ObjectNode options = TemplateOptions.withPeople(templateOptions, people);
        overridden.forEach(field -> options.set(field, overrides.get(field)));
        return new SendRequest(options, personOfRole, overridden);
    }

    private static void people(
            JsonNode recipients,
            List<TemplateOptions.Role> roles,
            Map<Integer, ObjectNode> people,
            Map<Integer, Integer> personOfRole,
            List<FieldError> problems) {
        if (recipients == null || !recipients.isArray()) {
            problems.add(new FieldError("recipients", "is required: one person (role, name, email) for each role"));
            return;
        }
        if (recipients.size() > roles.size()) {
            problems.add(new FieldError(
                    "recipients", "has " + recipients.size() + " people for " + roles.size() + " roles"));
            return;
        }
        Map<String, TemplateOptions.Role> byKey = new LinkedHashMap<>();
        roles.forEach(r -> byKey.put(TemplateOptions.key(r.name()), r));
        for (int j = 0; j < recipients.size(); j++) {
            String path = "recipients[" + j + "]";
            if (!(recipients.get(j) instanceof ObjectNode person)) {
                problems.add(new FieldError(path, "must be an object"));
                continue;
            }
            person.fieldNames().forEachRemaining(field -> {
                if (!field.equals("role") && !TemplateOptions.PERSON_FIELDS.contains(field)) {
                    problems.add(new FieldError(
                            path + "." + field,
                            "is not taken here: a person has role, name, email, iso_country_code and mobile_number"));
                }
            });
            JsonNode role = person.get("role");
            TemplateOptions.Role filled =
                    role != null && role.isTextual() ? byKey.get(TemplateOptions.key(role.asText())) : null;
            if (filled == null) {
                problems.add(new FieldError(
                        path + ".role",
                        "must be one of the template's roles: "
                                + String.join(
                                        ", ",
                                        roles.stream()
                                                .map(TemplateOptions.Role::name)
                                                .toList())));
            } else if (personOfRole.putIfAbsent(filled.index(), j) != null) {
                problems.add(new FieldError(path + ".role", "'" + filled.name() + "' is given twice"));
            } else {
                people.put(filled.index(), person);
            }
        }
        for (TemplateOptions.Role r : roles) {
            if (!personOfRole.containsKey(r.index())) {
                problems.add(new FieldError("recipients", "needs a person for the role '" + r.name() + "'"));
            }
        }
    }

    ObjectNode envelopeOptions() {
        return envelopeOptions;
    }

    /**
     * The envelope's answer with its fields named as this request named them: a person's fields at
     * their place in {@code recipients}, an option given here under {@code options}.
     */
    ApiException asRequested(ApiException e) {
        if (e.errors() == null || e.errors().isEmpty()) {
            return e;
        }
        List<FieldError> errors = e.errors().stream().map(this::asRequested).toList();
        return new ApiException(e.status(), e.code(), e.getMessage(), errors);
    }

    private FieldError asRequested(FieldError error) {
        Matcher m = RECIPIENT_FIELD.matcher(error.field());
        if (m.matches()) {
            Integer person = personOfRole.get(Integer.parseInt(m.group(1)));
            String rest = m.group(2);
            String field = rest.substring(1);
            if (person != null && TemplateOptions.PERSON_FIELDS.contains(field)) {
                return new FieldError("recipients[" + person + "]" + rest, error.message());
            }
        }
        String top = error.field().split("[.\\[]", 2)[0];
        if (overridden.contains(top)) {
            return new FieldError("options." + error.field(), error.message());
        }
        return error;
    }
}
