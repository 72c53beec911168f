package dev.signet.assurance;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The verified name against the recipient's: case, accents, spacing, punctuation and order do not matter; words do. */
class PersonNamesTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "José  García-López | GARCIA LOPEZ JOSE",
                "Inès Ibáñez | ibanez ines",
                "Zoë O'Brien | OBRIEN ZOE",
                "Zoë O’Brien | O'BRIEN, ZOË",
                "Jürgen Groß | GROSS JURGEN",
                "Anne Marie Smith | SMITH, ANNE MARIE",
                "Łukasz Nowak | Lukasz Nowak",
            })
    void theSamePersonWrittenDifferently(String recipient, String document) {
        assertThat(PersonNames.same(recipient, document)).isTrue();
    }

    @ParameterizedTest(name = "{0} is not {1}")
    @CsvSource(
            delimiter = '|',
            value = {
                "Anne Smith | ANNE MARIE SMITH",
                "Anne Marie Smith | ANNE SMITH",
                "John Smith | JANE SMITH",
                "Sandbox Otherperson | Alice Adams",
                " | ALICE",
            })
    void anotherName(String recipient, String document) {
        assertThat(PersonNames.same(recipient, document)).isFalse();
    }
}
