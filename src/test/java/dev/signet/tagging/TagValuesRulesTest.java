package dev.signet.tagging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The server applies a recipient's conditional rules on submit, whatever the page did. */
class TagValuesRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final UUID ME = UUID.randomUUID();
    private static final UUID EARLIER = UUID.randomUUID();
    private static final String TODAY = "2025-06-01";

    private final Tag company = tag("has_company", TagType.CHECKBOX_FIELD, true, null);
    private final Tag companyName = tag("company_name", TagType.TEXT_FIELD, true, null);
    private final Tag reason = tag("reason", TagType.TEXT_FIELD, false, null);
    private final List<Tag> tags = List.of(company, companyName, reason);

    private static Tag tag(String name, TagType type, boolean optional, String group) {
        return tag(ME, name, type, optional, group, null);
    }

    private static Tag tag(UUID recipient, String name, TagType type, boolean optional, String group, String value) {
        return new Tag(
                UUID.randomUUID(),
                recipient,
                UUID.randomUUID(),
                0,
                type,
                name,
                1,
                0.1,
                0.1,
                null,
                optional,
                group,
                TagAttributes.NONE,
                value);
    }

    private static FieldRules own(String json) throws Exception {
        return FieldRules.own(JSON.readTree(json));
    }

    private static List<TagValues.Submitted> values(String... nameValue) {
        List<TagValues.Submitted> values = new ArrayList<>();
        for (int i = 0; i < nameValue.length; i += 2) {
            values.add(new TagValues.Submitted(nameValue[i], nameValue[i + 1]));
        }
        return values;
    }

    private static String problemOf(Runnable submit, String field) {
        try {
            submit.run();
        } catch (TagValues.Refused e) {
            return e.problems().stream()
                    .filter(f -> f.field().equals(field))
                    .map(f -> f.message())
                    .findFirst()
                    .orElse(null);
        }
        return null;
    }

    @Test
    void makeRequiredMakesAnOptionalFieldRequiredOnlyWhileItsConditionHolds() throws Exception {
        FieldRules rules = own("""
                [{"action":"make_required","conditions":[{"trigger_tag_name":"has_company","criteria":"has_value"}],
                  "affected_tag_names":["company_name"]}]""");

        assertThat(problemOf(
                        () -> TagValues.check(tags, values("has_company", "true", "reason", "r"), TODAY, rules),
                        "company_name"))
                .isEqualTo("is required");
        Map<UUID, String> unticked = TagValues.check(tags, values("has_company", "false", "reason", "r"), TODAY, rules);
        assertThat(unticked).containsOnlyKeys(company.id(), reason.id());
        Map<UUID, String> filled = TagValues.check(
                tags, values("has_company", "true", "company_name", "Acme", "reason", "r"), TODAY, rules);
        assertThat(filled).containsEntry(companyName.id(), "Acme");
    }

    @Test
    void aHiddenFieldIsNotRequiredAndItsValueIsDropped() throws Exception {
        FieldRules rules = own("""
                [{"action":"hide","conditions":[{"trigger_tag_name":"has_company","criteria":"no_value"}],
                  "affected_tag_names":["reason"]}]""");

        Map<UUID, String> accepted =
                TagValues.check(tags, values("has_company", "false", "reason", "smuggled"), TODAY, rules);
        assertThat(accepted).doesNotContainKey(reason.id());
        assertThatThrownBy(() -> TagValues.check(tags, values("has_company", "true"), TODAY, rules))
                .isInstanceOf(TagValues.Refused.class);
    }

    @Test
    void showKeepsAFieldHiddenUntilItsConditionHolds() throws Exception {
        FieldRules rules = own("""
                [{"action":"show","conditions":[{"trigger_tag_name":"has_company","criteria":"has_value"}],
                  "affected_tag_names":["reason"]}]""");

        assertThat(TagValues.check(tags, values("has_company", "false", "reason", "x"), TODAY, rules))
                .doesNotContainKey(reason.id());
        assertThat(problemOf(() -> TagValues.check(tags, values("has_company", "true"), TODAY, rules), "reason"))
                .isEqualTo("is required");
    }

    @Test
    void makeOptionalLetsARequiredFieldStayEmpty() throws Exception {
        FieldRules rules = own("""
                [{"action":"make_optional","conditions":[{"trigger_tag_name":"company_name","criteria":"has_value"}],
                  "affected_tag_names":["reason"]}]""");

        assertThat(TagValues.check(tags, values("company_name", "Acme"), TODAY, rules))
                .containsOnlyKeys(companyName.id());
        assertThat(problemOf(() -> TagValues.check(tags, values(), TODAY, rules), "reason"))
                .isEqualTo("is required");
    }

    @Test
    void rulesReachRadioGroupsByTheirGroupName() throws Exception {
        Tag yes = tag("plan_a", TagType.RADIO_FIELD, true, "Plan");
        Tag no = tag("plan_b", TagType.RADIO_FIELD, true, "Plan");
        List<Tag> withRadios = List.of(company, yes, no);
        FieldRules rules = own("""
                [{"action":"make_required","conditions":[{"trigger_tag_name":"has_company","criteria":"has_value"}],
                  "affected_tag_group_names":["Plan"]}]""");

        assertThat(problemOf(() -> TagValues.check(withRadios, values("has_company", "true"), TODAY, rules), "Plan"))
                .isEqualTo("choose exactly one option");
        assertThat(TagValues.check(withRadios, values("has_company", "false"), TODAY, rules))
                .containsOnlyKeys(company.id());
    }

    @Test
    void aFieldHiddenByARuleTriggersOtherRulesAsEmpty() throws Exception {
        FieldRules rules = own("""
                [{"action":"hide","conditions":[{"trigger_tag_name":"has_company","criteria":"no_value"}],
                  "affected_tag_names":["company_name"]},
                 {"action":"make_optional","conditions":[{"trigger_tag_name":"company_name","criteria":"has_value"}],
                  "affected_tag_names":["reason"]}]""");

        assertThat(problemOf(() -> TagValues.check(tags, values("company_name", "Hidden Ltd"), TODAY, rules), "reason"))
                .isEqualTo("is required");
        assertThat(TagValues.check(tags, values("has_company", "true", "company_name", "Acme"), TODAY, rules))
                .doesNotContainKey(reason.id());
    }

    @Test
    void anEarlierSignersRuleActsOnALaterSignersFieldByTheStoredValue() throws Exception {
        Tag theirBox = tag(EARLIER, "needs_guarantor", TagType.CHECKBOX_FIELD, true, null, "true");
        FieldRules theirs = FieldRules.forLaterSigners(JSON.readTree("""
                [{"action":"make_required","conditions":[{"trigger_tag_name":"needs_guarantor","criteria":"has_value"}],
                  "affected_tag_names_other_recipients":["company_name"]}]"""));
        FieldRules decided = theirs.decided(List.of(theirBox), name -> theirBox.value());

        assertThat(problemOf(() -> TagValues.check(tags, values("reason", "r"), TODAY, decided), "company_name"))
                .isEqualTo("is required");
        Tag unticked = tag(EARLIER, "needs_guarantor", TagType.CHECKBOX_FIELD, true, null, "false");
        FieldRules notDecided = theirs.decided(List.of(unticked), name -> unticked.value());
        assertThat(TagValues.check(tags, values("reason", "r"), TODAY, notDecided))
                .containsOnlyKeys(reason.id());
    }
}
