package dev.signet.notification;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.notification.PhoneNumbers.Invalid;
import dev.signet.notification.PhoneNumbers.Problem;
import dev.signet.notification.PhoneNumbers.Valid;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** mobile_number + iso_country_code to E.164, as the reference sends them and as people type them. */
class PhoneNumbersTest {

    @ParameterizedTest(name = "{0} in {1} is {2}")
    @CsvSource(
            delimiter = ';',
            value = {
                // the reference's own form: the national number without its trunk 0
                "7999999999; GB; +447999999999",
                "7400123456; gb; +447400123456",
                // with the trunk 0, spaces, brackets and dashes
                "07400 123456; GB; +447400123456",
                "(201) 555-0123; US; +12015550123",
                "612345678; FR; +33612345678",
                "06 12 34 56 78; FR; +33612345678",
                "15123456789; DE; +4915123456789",
                "0412 345 678; AU; +61412345678",
                "9123456789; IN; +919123456789",
                "11987654321; BR; +5511987654321",
                // a full international number says its own country, whatever iso_country_code says
                "+44 7400 123456; FR; +447400123456",
                "+33612345678; ; +33612345678"
            })
    void normalisesToE164(String number, String country, String e164) {
        PhoneNumbers.Result result = PhoneNumbers.normalise(number, country);
        assertThat(result).isInstanceOf(Valid.class);
        assertThat(((Valid) result).e164()).isEqualTo(e164);
    }

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @CsvSource(
            delimiter = ';',
            value = {
                "; GB; MISSING_NUMBER",
                "'   '; GB; MISSING_NUMBER",
                "7400123456; ; MISSING_COUNTRY",
                "7400123456; XX; UNKNOWN_COUNTRY",
                "7400123456; GBR; UNKNOWN_COUNTRY",
                "abc; GB; NOT_A_NUMBER",
                "123; GB; TOO_SHORT",
                "74001234567890123; GB; TOO_LONG",
                "7700900123; GB; NOT_VALID_IN_COUNTRY",
                "8001234567; US; NOT_VALID_IN_COUNTRY",
                // a London landline cannot take a text message
                "2012345678; GB; NOT_A_MOBILE",
                "+999 123456; GB; UNKNOWN_COUNTRY",
                "1111111111111111111111111111111111111111111; GB; TOO_LONG"
            })
    void refusesWithAReason(String number, String country, Problem problem) {
        PhoneNumbers.Result result = PhoneNumbers.normalise(number, country);
        assertThat(result).isInstanceOf(Invalid.class);
        Invalid invalid = (Invalid) result;
        assertThat(invalid.problem()).isEqualTo(problem);
        assertThat(invalid.message()).isNotBlank();
        if (number != null && number.strip().length() > 3) {
            assertThat(invalid.message())
                    .as("the reason never repeats the number")
                    .doesNotContain(number.strip());
        }
    }

    @Test
    void aMaskedNumberShowsTheCountryAndTheLastTwoDigitsOnly() {
        assertThat(PhoneNumbers.masked("+447400123456")).isEqualTo("+44 ••••••••56");
        assertThat(PhoneNumbers.masked("+12015550123")).isEqualTo("+1 ••••••••23");
    }
}
