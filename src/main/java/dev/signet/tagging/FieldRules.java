package dev.signet.tagging;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A recipient's conditional rules ({@code recipients[].rules}): a rule acts on its affected tags
 * when all of its conditions hold. The signing page applies them as the signer types; the server
 * applies them again on submit, because only the server's verdict decides what is stored.
 */
public record FieldRules(List<Rule> rules) {

    public static final FieldRules NONE = new FieldRules(List.of());

    /** criteria is {@code has_value} or {@code no_value}. */
    public record Condition(String triggerTagName, String criteria) {}

    /** A rule with no conditions always acts (an earlier signer's rule, already decided). */
    public record Rule(
            String action,
            List<Condition> conditions,
            Set<String> affectedTagNames,
            Set<String> affectedTagGroupNames) {}

    /** What the rules decide for one set of values. */
    public record Verdict(Set<String> hidden, Map<String, Boolean> required) {
        boolean hidden(Tag tag) {
            return hidden.contains(tag.name());
        }

        boolean optional(Tag tag) {
            Boolean forced = required.get(tag.name());
            return forced == null ? tag.optional() : !forced;
        }
    }

    /** The rules acting on the recipient's own tags. */
    public static FieldRules own(JsonNode rules) {
        return parse(rules, "affected_tag_names", "affected_tag_group_names");
    }

    /** An earlier signer's rules as they act on later signers' tags. */
    public static FieldRules forLaterSigners(JsonNode rules) {
        return parse(rules, "affected_tag_names_other_recipients", "affected_tag_group_names_other_recipients");
    }

    private static FieldRules parse(JsonNode rules, String tagsKey, String groupsKey) {
        List<Rule> parsed = new ArrayList<>();
        if (rules == null || !rules.isArray()) {
            return NONE;
        }
        for (JsonNode rule : rules) {
            List<Condition> conditions = new ArrayList<>();
            rule.path("conditions")
                    .forEach(c -> conditions.add(new Condition(
                            c.path("trigger_tag_name").asText(),
                            c.path("criteria").asText())));
            Set<String> tags = strings(rule.path(tagsKey));
            Set<String> groups = strings(rule.path(groupsKey));
            if (!conditions.isEmpty() && (!tags.isEmpty() || !groups.isEmpty())) {
                parsed.add(new Rule(rule.path("action").asText(), List.copyOf(conditions), tags, groups));
            }
        }
        return new FieldRules(List.copyOf(parsed));
    }

    private static Set<String> strings(JsonNode array) {
        Set<String> values = new LinkedHashSet<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /**
     * Decides each rule against values that are already final (an earlier signer's stored values):
     * what remains are unconditional rules. A {@code show} whose conditions fail becomes a
     * {@code hide}, so its tags stay hidden.
     */
    public FieldRules decided(List<Tag> triggerTags, Function<String, String> valueOf) {
        Map<String, TagType> types = new HashMap<>();
        triggerTags.forEach(t -> types.put(t.name(), t.type()));
        List<Rule> decided = new ArrayList<>();
        for (Rule rule : rules) {
            boolean holds = holds(rule, types, valueOf);
            String action = rule.action().equals("show") ? (holds ? null : "hide") : (holds ? rule.action() : null);
            if (action != null) {
                decided.add(new Rule(action, List.of(), rule.affectedTagNames(), rule.affectedTagGroupNames()));
            }
        }
        return new FieldRules(List.copyOf(decided));
    }

    public FieldRules plus(FieldRules other) {
        List<Rule> all = new ArrayList<>(rules);
        all.addAll(other.rules);
        return new FieldRules(List.copyOf(all));
    }

    /**
     * Applies the rules to the recipient's tags and submitted values (by tag name). A hidden tag
     * counts as empty when it triggers another rule, so chains settle; a rule applied later wins
     * over an earlier one for the same tag.
     */
    public Verdict apply(List<Tag> tags, Map<String, String> values) {
        Map<String, TagType> types = new HashMap<>();
        tags.forEach(t -> types.put(t.name(), t.type()));
        Set<String> hidden = new HashSet<>();
        Map<String, Boolean> required = new HashMap<>();
        for (int round = 0; round <= rules.size(); round++) {
            Set<String> hiddenNow = new HashSet<>();
            required = new HashMap<>();
            Set<String> before = hidden;
            Function<String, String> visible = name -> before.contains(name) ? null : values.get(name);
            for (Rule rule : rules) {
                boolean holds = holds(rule, types, visible);
                for (Tag tag : tags) {
                    if (!affects(rule, tag)) {
                        continue;
                    }
                    switch (rule.action()) {
                        case "show" -> {
                            if (!holds) {
                                hiddenNow.add(tag.name());
                            }
                        }
                        case "hide" -> {
                            if (holds) {
                                hiddenNow.add(tag.name());
                            }
                        }
                        case "make_required" -> {
                            if (holds) {
                                required.put(tag.name(), true);
                            }
                        }
                        case "make_optional" -> {
                            if (holds) {
                                required.put(tag.name(), false);
                            }
                        }
                        default -> {}
                    }
                }
            }
            if (hiddenNow.equals(hidden)) {
                break;
            }
            hidden = hiddenNow;
        }
        return new Verdict(Set.copyOf(hidden), Map.copyOf(required));
    }

    private static boolean affects(Rule rule, Tag tag) {
        return rule.affectedTagNames().contains(tag.name())
                || (tag.tagGroupName() != null && rule.affectedTagGroupNames().contains(tag.tagGroupName()));
    }

    private static boolean holds(Rule rule, Map<String, TagType> types, Function<String, String> valueOf) {
        for (Condition c : rule.conditions()) {
            boolean has = hasValue(types.get(c.triggerTagName()), valueOf.apply(c.triggerTagName()));
            if (has != c.criteria().equals("has_value")) {
                return false;
            }
        }
        return true;
    }

    /** A ticked box or chosen radio has a value; "false" is no value, as is an empty field. */
    static boolean hasValue(TagType type, String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        return type != TagType.CHECKBOX_FIELD && type != TagType.RADIO_FIELD || value.equals("true");
    }
}
