package dev.signet.envelope;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Binding and checking the options without the service: every wrong JSON type is reported under
 * its path and binding goes on, and the declared constraints speak the API's sentences.
 */
class OptionsBindingTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyWrongTypeIsReportedUnderItsPathAndReadAsAbsent() throws Exception {
        var bound = OptionsBinding.bind(JSON.readTree("""
                {"name": 5, "allow_decline": "yes", "emails": [],
                 "recipients": [{"sign_group": 1.5, "event_notifications": ["signer_invitation", null],
                                 "tags": [{"x": "0.5", "page_number": 18446744073709551618, "y": 0.2}]},
                                "carol"]}"""), CreateOptions.class);

        assertThat(bound.problems())
                .containsExactly(
                        new FieldError("name", "must be a string"),
                        new FieldError("allow_decline", "must be true or false"),
                        new FieldError("emails", "must be an object"),
                        new FieldError("recipients[0].sign_group", "must be a whole number"),
                        new FieldError("recipients[0].event_notifications[1]", "must be a string"),
                        new FieldError("recipients[0].tags[0].x", "must be a number"),
                        new FieldError("recipients[0].tags[0].page_number", "is too large"),
                        new FieldError("recipients[1]", "must be an object"));
        CreateOptions options = bound.value();
        assertThat(options.name()).isNull();
        assertThat(options.recipients().get(0).tags().get(0).y()).isEqualTo(0.2);
        assertThat(options.recipients().get(1)).isNull();
    }

    @Test
    void numericStringsAreWholeNumbersAndMobileNumbersMayBeJsonNumbers() throws Exception {
        var bound = OptionsBinding.bind(JSON.readTree("""
                {"recipients": [{"sign_group": "2", "mobile_number": 7999999999},
                                {"mobile_number": "07999 999 999"}, {"mobile_number": true}]}"""), CreateOptions.class);

        assertThat(bound.value().recipients().get(0).signGroup()).isEqualTo(2L);
        assertThat(bound.value().recipients().get(0).mobileNumber()).isEqualTo("7999999999");
        assertThat(bound.value().recipients().get(1).mobileNumber()).isEqualTo("07999999999");
        assertThat(bound.problems())
                .containsExactly(
                        new FieldError("recipients[2].mobile_number", "must be a phone number of 4 to 15 digits"));
    }

    private static final java.util.function.Function<String, java.util.Optional<String>> NO_WEBHOOK_PROBLEM =
            url -> java.util.Optional.empty();

    @Test
    void aFieldOfTheWrongTypeIsNotAlsoCalledMissing() throws Exception {
        assertThatThrownBy(
                        () -> OptionsParser.parse(JSON.readTree("""
                {"name": ["Lease"], "recipients": [{"name": "Alice", "email": "alice@example.com",
                 "tags": [{"type": "signature", "file_name": "a.pdf", "page_number": 1, "x": 0.1, "y": null}]}]}"""), Set.of("a.pdf"), true, false, NO_WEBHOOK_PROBLEM))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(
                                        new FieldError("name", "must be a string"),
                                        new FieldError("recipients[0].tags[0].y", "is required")));
    }

    @Test
    void constraintsCountCharactersAsPeopleDoAndNameTheBannedOnes() throws Exception {
        String fifty = "\uD83D\uDE00".repeat(50);
        assertThatThrownBy(() -> OptionsParser.parse(
                        JSON.readTree("""
                {"name": "Lease: 2025", "recipients": [{"name": "%s", "email": "alice@example.com", "role": "%s!",
                 "tags": [{"type": "signature", "file_name": "a.pdf", "page_number": 1, "x": 0.1, "y": 0.1}]}]}""".formatted(fifty + fifty + "a", fifty)),
                        Set.of("a.pdf"),
                        true,
                        false,
                        NO_WEBHOOK_PROBLEM))
                .isInstanceOfSatisfying(
                        ApiException.class,
                        e -> assertThat(e.errors())
                                .containsExactly(
                                        new FieldError("name", "must not contain any of : * ? < > | \\"),
                                        new FieldError("recipients[0].name", "must be 1 to 100 characters"),
                                        new FieldError("recipients[0].role", "must be at most 50 characters")));
    }
}
