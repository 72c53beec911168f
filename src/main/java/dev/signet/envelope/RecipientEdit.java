package dev.signet.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The body of PATCH …/recipients/{id}: at least one field; country and mobile only together. */
record RecipientEdit(String name, String email, String isoCountryCode, String mobileNumber) {

    private static final Set<String> FIELDS = Set.of("name", "email", "iso_country_code", "mobile_number");

    static RecipientEdit parse(JsonNode body, RecipientType type) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("MALFORMED_REQUEST", "The body must be a JSON object");
        }
        JsonFields f = new JsonFields();
        body.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                f.error(field, "cannot be edited; editable: " + FIELDS);
            }
        });
        String name = f.string(body, "name", "name").orElse(null);
        if (name != null && (name.isEmpty() || name.codePointCount(0, name.length()) > 100 || name.matches(".*[/\\\\:*?<>|].*"))) {
            f.error("name", "must be 1 to 100 characters without / \\ : * ? < > |");
        }
        String email = f.string(body, "email", "email").orElse(null);
        if (email != null && !Rules.isEmail(email)) {
            f.error("email", "is not a valid email address");
        }
        String country = f.string(body, "iso_country_code", "iso_country_code").orElse(null);
        if (country != null && !Set.of(Locale.getISOCountries()).contains(country)) {
            f.error("iso_country_code", "must be an ISO 3166 alpha-2 country code");
        }
        JsonNode mobileNode = body.get("mobile_number");
        String mobile = mobileNode == null || mobileNode.isNull() ? null : mobileNode.asText().replace(" ", "");
        if (mobile != null && !mobile.matches("\\+?\\d{4,15}")) {
            f.error("mobile_number", "must be a phone number of 4 to 15 digits");
        }
        if (body.hasNonNull("mobile_number") && !body.hasNonNull("iso_country_code")) {
            f.error("iso_country_code", "is required with mobile_number");
        } else if (body.hasNonNull("iso_country_code") && !body.hasNonNull("mobile_number")) {
            f.error("mobile_number", "is required with iso_country_code");
        }
        if (type == RecipientType.CC && (country != null || mobile != null)) {
            f.error("mobile_number", "a CC recipient has only a name and an email");
        }
        if (name == null && email == null && country == null && mobile == null && f.ok()) {
            f.error("body", "give at least one of name, email, iso_country_code with mobile_number");
        }
        if (!f.ok()) {
            throw ApiException.validation(f.errors());
        }
        return new RecipientEdit(name, email, country, mobile);
    }

}
