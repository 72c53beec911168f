package dev.signet.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.signet.envelope.OptionsBinding.MobileNumber;
import dev.signet.envelope.Rules.Chars;
import dev.signet.envelope.Rules.Country;
import dev.signet.envelope.Rules.Email;
import dev.signet.envelope.Rules.NoneOf;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** The body of PATCH …/recipients/{id}: at least one field; country and mobile only together. */
record RecipientEdit(
        @Chars(min = 1, max = 100, message = NAME) @NoneOf(value = CreateOptions.NAME_BANNED, message = NAME)
        String name,

        @Email String email,

        @Country(message = "must be an ISO 3166 alpha-2 country code")
        String isoCountryCode,

        @JsonDeserialize(using = MobileNumber.class) String mobileNumber) {

    private static final String NAME = "must be 1 to 100 characters without / \\ : * ? < > |";
    private static final Set<String> FIELDS = Set.of("name", "email", "iso_country_code", "mobile_number");

    static RecipientEdit parse(JsonNode body, RecipientType type) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("MALFORMED_REQUEST", "The body must be a JSON object");
        }
        List<FieldError> errors = new ArrayList<>();
        body.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                errors.add(new FieldError(field, "cannot be edited; editable: " + FIELDS));
            }
        });
        OptionsBinding.Bound<RecipientEdit> bound = OptionsBinding.bind(body, RecipientEdit.class);
        List<FieldError> fields = new ArrayList<>(bound.problems());
        fields.addAll(Rules.check(bound.value(), ""));
        FieldOrder.sort(fields, RecipientEdit.class);
        errors.addAll(fields);
        boolean country = body.hasNonNull("iso_country_code");
        boolean mobile = body.hasNonNull("mobile_number");
        if (mobile && !country) {
            errors.add(new FieldError("iso_country_code", "is required with mobile_number"));
        } else if (country && !mobile) {
            errors.add(new FieldError("mobile_number", "is required with iso_country_code"));
        }
        if (type == RecipientType.CC && (bound.value().isoCountryCode() != null || mobile)) {
            errors.add(new FieldError("mobile_number", "a CC recipient has only a name and an email"));
        }
        RecipientEdit edit = bound.value();
        if (errors.isEmpty() && edit.name() == null && edit.email() == null && !country && !mobile) {
            errors.add(new FieldError("body", "give at least one of name, email, iso_country_code with mobile_number"));
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
        return edit;
    }
}
