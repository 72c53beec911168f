package dev.signet.template;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.web.FieldError;
import dev.signet.web.TextRules;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A template's options: an envelope create's {@code options} in which each recipient is a
 * {@code role} instead of a person. Only what makes a role a role is checked here; everything else
 * is checked by the envelope's own rules, on the options with a stand-in person per role (at save)
 * or with the people given (at send), so a template never has rules of its own that drift.
 */
final class TemplateOptions {

    /** What a person brings to a role when an envelope is sent; never part of a template. */
    static final List<String> PERSON_FIELDS = List.of("name", "email", "iso_country_code", "mobile_number");

    static final int ROLE_MAX = 50;
    /** The banned characters of a signer's {@code role} in the envelope's rules, for CC roles too. */
    private static final String ROLE_BANNED = "/\\:*?<>|";
    /** A mobile number in a range kept for examples; stands in where the options need one to be checked. */
    private static final String STAND_IN_MOBILE = "+447400123456";

    private TemplateOptions() {}

    /** One recipient of a template, by its place in {@code recipients}. */
    record Role(int index, String name, boolean cc, Integer signGroup) {}

    /** Problems of the template's own rules: each recipient has a role, unique in the template, and no person. */
    static List<FieldError> problems(JsonNode options) {
        List<FieldError> problems = new ArrayList<>();
        JsonNode recipients = options.path("recipients");
        if (!recipients.isArray()) {
            return problems;
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < recipients.size(); i++) {
            JsonNode r = recipients.get(i);
            String path = "recipients[" + i + "]";
            if (!r.isObject()) {
                continue;
            }
            for (String field : PERSON_FIELDS) {
                if (r.has(field)) {
                    problems.add(new FieldError(
                            path + "." + field,
                            "is not part of a template: a template's recipient is a role, and the person is given"
                                    + " when an envelope is sent from it"));
                }
            }
            JsonNode role = r.get("role");
            if (role == null || !role.isTextual() || role.asText().isBlank()) {
                problems.add(new FieldError(path + ".role", "is required: a template names each recipient by a role"));
                continue;
            }
            String name = role.asText();
            if (name.codePointCount(0, name.length()) > ROLE_MAX) {
                problems.add(new FieldError(path + ".role", "must be at most " + ROLE_MAX + " characters"));
            } else if (name.chars().anyMatch(c -> ROLE_BANNED.indexOf(c) >= 0)) {
                problems.add(new FieldError(path + ".role", "must not contain any of / \\ : * ? < > |"));
            } else if (TextRules.problem(name, false).isPresent()) {
                problems.add(new FieldError(
                        path + ".role", TextRules.problem(name, false).get()));
            } else if (!seen.add(key(name))) {
                problems.add(new FieldError(path + ".role", "'" + name + "' is the role of another recipient"));
            }
        }
        return problems;
    }

    /** The roles of options that passed {@link #problems}, in their order. */
    static List<Role> roles(JsonNode options) {
        List<Role> roles = new ArrayList<>();
        JsonNode recipients = options.path("recipients");
        for (int i = 0; i < recipients.size(); i++) {
            JsonNode r = recipients.get(i);
            boolean cc = "CC".equals(r.path("type").asText());
            Integer group = cc
                    ? null
                    : r.path("sign_group").isIntegralNumber()
                            ? r.get("sign_group").asInt()
                            : 1;
            roles.add(new Role(i, r.path("role").asText(), cc, group));
        }
        return roles;
    }

    /** Roles match whatever their case: "Tenant" and "tenant" are one role. */
    static String key(String role) {
        return role.strip().toLowerCase(Locale.ROOT);
    }

    /**
     * The envelope options a template's options become with one person per role (by the role's
     * index): a CC's role is dropped (a CC has a name and an email only), a signer keeps it as the
     * recipient's {@code role}.
     */
    static ObjectNode withPeople(JsonNode options, Map<Integer, ObjectNode> people) {
        ObjectNode copy = (ObjectNode) options.deepCopy();
        JsonNode recipients = copy.path("recipients");
        if (!recipients.isArray()) {
            return copy;
        }
        for (int i = 0; i < recipients.size(); i++) {
            if (!(recipients.get(i) instanceof ObjectNode r)) {
                continue;
            }
            if ("CC".equals(r.path("type").asText())) {
                r.remove("role");
            }
            ObjectNode person = people.get(i);
            if (person != null) {
                PERSON_FIELDS.forEach(field -> {
                    if (person.has(field)) {
                        r.set(field, person.get(field));
                    }
                });
            }
        }
        return copy;
    }

    /**
     * The options with a stand-in person for every role, so the envelope's rules can judge them as a
     * sendable envelope: a name, an address, and a mobile number where the options ask for one
     * ({@code has_envelope_otps}, SMS invitations).
     */
    static ObjectNode withStandIns(ObjectNode options) {
        return withPeople(
                options, standIns(options, i -> "Role " + (i + 1), i -> "role-" + (i + 1) + "@example.com", i ->
                        new String[] {"GB", STAND_IN_MOBILE}));
    }

    /** The options as {@code POST /v2/envelopes} would take them, each person a visible placeholder. */
    static ObjectNode withPlaceholders(ObjectNode options) {
        JsonNode recipients = options.path("recipients");
        return withPeople(
                options,
                standIns(
                        options,
                        i -> "<name of " + recipients.get(i).path("role").asText() + ">",
                        i -> "<email of " + recipients.get(i).path("role").asText() + ">",
                        i -> new String[] {
                            "<country of " + recipients.get(i).path("role").asText() + ">",
                            "<mobile number of "
                                    + recipients.get(i).path("role").asText() + ">"
                        }));
    }

    private static Map<Integer, ObjectNode> standIns(
            ObjectNode options,
            java.util.function.IntFunction<String> name,
            java.util.function.IntFunction<String> email,
            java.util.function.IntFunction<String[]> mobile) {
        Map<Integer, ObjectNode> people = new java.util.HashMap<>();
        JsonNode recipients = options.path("recipients");
        if (!recipients.isArray()) {
            return people;
        }
        boolean otps = options.path("has_envelope_otps").isBoolean()
                && options.get("has_envelope_otps").booleanValue();
        for (int i = 0; i < recipients.size(); i++) {
            JsonNode r = recipients.get(i);
            ObjectNode person = options.objectNode().put("name", name.apply(i)).put("email", email.apply(i));
            boolean cc = "CC".equals(r.path("type").asText());
            if (!cc && (otps || asksForSms(r))) {
                String[] number = mobile.apply(i);
                person.put("iso_country_code", number[0]).put("mobile_number", number[1]);
            }
            people.put(i, person);
        }
        return people;
    }

    private static boolean asksForSms(JsonNode recipient) {
        for (JsonNode event : recipient.path("event_notifications")) {
            if ("signer_invitation_sms".equals(event.asText())) {
                return true;
            }
        }
        return false;
    }
}
