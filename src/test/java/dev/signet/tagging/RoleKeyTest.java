package dev.signet.tagging;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class RoleKeyTest {

    @ParameterizedTest
    @CsvSource({
        "Signer 1, S, 1",
        "signer1, S, 1",
        "TENANT 2, T, 2",
        "  landlord   4 , L, 4",
        "Agent 7, A, 7",
        "Guarantor 30, G, 30",
        "contractor 12, C, 12",
        "T2, T, 2",
        "s1, S, 1"
    })
    void aRecipientRoleNamesTheAnchorsItOwns(String role, char letter, int number) {
        assertThat(RoleKey.parse(role)).contains(new RoleKey(letter, number));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Signer", "Signer 0", "Signer 31", "Witness 1", "X1", "1", "", "Signer one", "Sig ner 1"})
    void anythingElseMatchesNoAnchor(String role) {
        assertThat(RoleKey.parse(role)).isEmpty();
    }

    @Test
    void noRoleMatchesNothing() {
        assertThat(RoleKey.parse(null)).isEqualTo(Optional.empty());
    }

    @Test
    void industriesAllowTheirRoleLetters() {
        assertThat(Industry.GENERAL.allows('S')).isTrue();
        assertThat(Industry.GENERAL.allows('T')).isFalse();
        assertThat(Industry.REAL_ESTATE.allows('S')).isFalse();
        for (char c : "TLAGC".toCharArray()) {
            assertThat(Industry.REAL_ESTATE.allows(c)).as("REAL_ESTATE " + c).isTrue();
        }
        for (char c : "STLAGC".toCharArray()) {
            assertThat(Industry.ALL.allows(c)).as("ALL " + c).isTrue();
        }
        assertThat(Industry.fromOption("REAL_ESTATE")).contains(Industry.REAL_ESTATE);
        assertThat(Industry.fromOption("real_estate")).isEmpty();
    }

    @Test
    void aStoredTagBecomesASpecWithItsTextAttributes() {
        UUID recipient = UUID.randomUUID();
        Tag tag = new Tag(
                UUID.randomUUID(),
                recipient,
                UUID.randomUUID(),
                0,
                TagType.TEXT_FIELD,
                "ref",
                2,
                0.1,
                0.2,
                0.4,
                true,
                null,
                TagAttributes.parse("{\"prefilled_value\":\"ABC\",\"help_text\":\"Your reference\",\"readonly\":true}"),
                null);
        FieldSpec spec = FieldSpec.of(tag);
        assertThat(spec.recipientId()).isEqualTo(recipient);
        assertThat(spec.pageNumber()).isEqualTo(2);
        assertThat(spec.width()).isEqualTo(0.4);
        assertThat(spec.optional()).isTrue();
        assertThat(spec.text()).isEqualTo(new FieldSpec.TextOptions("ABC", "Your reference", true));
        Tag plain = new Tag(
                UUID.randomUUID(),
                recipient,
                UUID.randomUUID(),
                1,
                TagType.CHECKBOX_FIELD,
                "cb",
                1,
                0,
                0,
                null,
                false,
                null,
                TagAttributes.parse("{}"),
                null);
        assertThat(FieldSpec.of(plain).text()).isEqualTo(FieldSpec.TextOptions.NONE);
    }
}
