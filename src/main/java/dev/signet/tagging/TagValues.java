package dev.signet.tagging;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Checks a signer's submitted values against their tags: names, the conditional rules, required
 * fields, formats and patterns. Tag validation, so it lives with the tag model; the envelope asks
 * it when it records a submission.
 */
public final class TagValues {

    /** One tag value a signer submits, named by the tag's name. */
    public record Submitted(String name, String value) {}

    /** A field and what is wrong with its value, in the words the signer is shown. */
    public record Problem(String field, String message) {}

    /** The values refused, every problem found; the caller answers them (the API as a 422). */
    public static final class Refused extends RuntimeException {
        private final transient List<Problem> problems;

        Refused(List<Problem> problems) {
            super("submitted values refused: " + problems.size() + " problem(s)", null, false, false);
            this.problems = List.copyOf(problems);
        }

        public List<Problem> problems() {
            return problems;
        }
    }

    private TagValues() {}

    /**
     * The rules decide first: a hidden tag's value is dropped and the tag is not required;
     * make_required and make_optional change whether a tag must be filled.
     */
    public static Map<UUID, String> check(List<Tag> all, List<Submitted> values, String today, FieldRules rules) {
        return check(all, values, today, rules, Map.of());
    }

    /** Whether a submitted value matched its field's pattern, decided before the envelope row was locked. */
    public record PatternVerdict(String value, boolean matches) {}

    /**
     * Runs the senders' patterns on the submitted values. Matching is linear in the value, yet
     * up to 10,000 characters against a large pattern still takes a moment: done before the
     * envelope row is locked, so other signers of the envelope do not wait for it.
     */
    public static Map<UUID, PatternVerdict> patternVerdicts(List<Tag> own, List<Submitted> values) {
        Map<String, String> given = new HashMap<>();
        values.stream()
                .filter(v -> v != null && v.name() != null && v.value() != null)
                .forEach(v -> given.putIfAbsent(v.name(), v.value()));
        Map<UUID, PatternVerdict> verdicts = new HashMap<>();
        for (Tag tag : own) {
            String value = given.get(tag.name());
            TagAttributes.Validation validation =
                    tag.type() == TagType.TEXT_FIELD ? tag.attributes().validation() : null;
            if (value != null
                    && !value.isEmpty()
                    && value.length() <= 10_000
                    && validation != null
                    && validation.regex() != null) {
                pattern(validation).ifPresent(p -> verdicts.put(tag.id(), new PatternVerdict(value, p.test(value))));
            }
        }
        return verdicts;
    }

    public static Map<UUID, String> check(
            List<Tag> all, List<Submitted> values, String today, FieldRules rules, Map<UUID, PatternVerdict> patterns) {
        Map<String, Tag> byName = new HashMap<>();
        all.forEach(t -> byName.put(t.name(), t));
        Map<String, String> given = new HashMap<>();
        List<Problem> errors = new ArrayList<>();
        for (int i = 0; i < values.size(); i++) {
            Submitted v = values.get(i);
            if (v == null || v.name() == null || !byName.containsKey(v.name())) {
                errors.add(new Problem("tags[" + i + "].name", "is not one of your fields"));
            } else if (given.put(v.name(), v.value()) != null) {
                errors.add(new Problem("tags[" + i + "].name", "is given twice"));
            }
        }
        FieldRules.Verdict verdict = rules.apply(all, given);
        List<Tag> tags = all.stream()
                .filter(t -> !verdict.hidden(t))
                .map(t -> withOptional(t, verdict.optional(t)))
                .toList();
        Map<UUID, String> accepted = new HashMap<>();
        Map<String, Integer> radioChosen = new HashMap<>();
        for (Tag tag : tags) {
            String value = tag.type() == TagType.DATE_SIGNED_FIELD ? today : given.get(tag.name());
            if (value == null && tag.type() == TagType.TEXT_FIELD) {
                // A read-only field keeps its prefilled value whether or not the signer sends it back.
                value = readOnlyValue(tag);
            }
            String problem = problem(tag, value, patterns);
            if (problem != null) {
                errors.add(new Problem(tag.name(), problem));
                continue;
            }
            if (tag.type() == TagType.RADIO_FIELD && "true".equals(value)) {
                radioChosen.merge(tag.tagGroupName(), 1, Integer::sum);
            }
            if (value != null && !value.isEmpty()) {
                accepted.put(tag.id(), value);
            }
        }
        tags.stream()
                .filter(t -> t.type() == TagType.RADIO_FIELD)
                .map(Tag::tagGroupName)
                .distinct()
                .forEach(group -> {
                    int chosen = radioChosen.getOrDefault(group, 0);
                    boolean optional = tags.stream()
                            .filter(t -> group.equals(t.tagGroupName()))
                            .allMatch(Tag::optional);
                    if (chosen > 1 || (chosen == 0 && !optional)) {
                        errors.add(new Problem(group, "choose exactly one option"));
                    }
                });
        if (!errors.isEmpty()) {
            throw new Refused(errors);
        }
        return accepted;
    }

    private static Tag withOptional(Tag t, boolean optional) {
        return optional == t.optional()
                ? t
                : new Tag(
                        t.id(),
                        t.recipientId(),
                        t.documentId(),
                        t.position(),
                        t.type(),
                        t.name(),
                        t.pageNumber(),
                        t.x(),
                        t.y(),
                        t.width(),
                        optional,
                        t.tagGroupName(),
                        t.attributes(),
                        t.value());
    }

    private static String problem(Tag tag, String value, Map<UUID, PatternVerdict> patterns) {
        boolean empty = value == null || value.isEmpty();
        switch (tag.type()) {
            case CHECKBOX_FIELD:
                if (!empty && !value.equals("true") && !value.equals("false")) {
                    return "must be true or false";
                }
                return !tag.optional() && !"true".equals(value) ? "must be ticked" : null;
            case RADIO_FIELD:
                return !empty && !value.equals("true") && !value.equals("false") ? "must be true or false" : null;
            case TEXT_FIELD:
                return textProblem(tag, value, empty, patterns);
            case ATTACHMENT:
                if (empty) {
                    return tag.optional() ? null : "is required";
                }
                try {
                    AttachmentValue.parse(value);
                    return null;
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
            default:
                if (empty) {
                    return tag.optional() ? null : "is required";
                }
                return value.length() > 2_000_000 ? "is too large" : null;
        }
    }

    private static String readOnlyValue(Tag tag) {
        return tag.attributes().readOnly() ? tag.attributes().prefilledValue() : null;
    }

    private static String textProblem(Tag tag, String value, boolean empty, Map<UUID, PatternVerdict> patterns) {
        TagAttributes attributes = tag.attributes();
        String prefilled = attributes.prefilledValue() == null ? "" : attributes.prefilledValue();
        if (attributes.readOnly() && !prefilled.equals(value == null ? "" : value)) {
            return "is read-only";
        }
        if (empty) {
            return tag.optional() ? null : "is required";
        }
        if (value.length() > 10_000) {
            return "must be at most 10000 characters";
        }
        TagAttributes.Validation validation = attributes.validation();
        if (validation != null && validation.regex() != null) {
            PatternVerdict known = patterns.get(tag.id());
            boolean matches = known != null && known.value().equals(value)
                    ? known.matches()
                    : pattern(validation).map(p -> p.test(value)).orElse(true);
            if (!matches) {
                return validation.errorMessage() != null
                        ? validation.errorMessage()
                        : "does not have the expected format";
            }
        }
        return null;
    }

    /**
     * The envelope's pattern, checked when it was created. One stored before patterns were RE2
     * (a backreference, say) cannot be run safely: the field then goes unchecked rather than
     * leaving the envelope unsignable for good.
     */
    private static Optional<ValidationPattern> pattern(TagAttributes.Validation validation) {
        try {
            return Optional.of(ValidationPattern.compile(
                    validation.regex(), validation.flags() == null ? "" : validation.flags()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
