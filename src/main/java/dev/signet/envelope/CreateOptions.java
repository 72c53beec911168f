package dev.signet.envelope;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.envelope.OptionsBinding.MobileNumber;
import dev.signet.envelope.Rules.Chars;
import dev.signet.envelope.Rules.Country;
import dev.signet.envelope.Rules.Email;
import dev.signet.envelope.Rules.NoneOf;
import dev.signet.envelope.Rules.Signer;
import dev.signet.envelope.Rules.TimeZone;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.List;

/**
 * The {@code options} part of a create request as the reference spells it (design/api.md), bound
 * by {@link OptionsBinding} and checked field by field by the constraints here ({@link Rules}).
 * What depends on more than one field, on the uploaded files or on the caller is checked by
 * {@link OptionsParser}. A {@code null} is a value not given (or given with the wrong JSON type,
 * which binding has reported).
 */
record CreateOptions(
        @NotNull(message = "is required") @Chars(min = 1, max = 125) @NoneOf(ENVELOPE_NAME_BANNED)
        String name,

        @Valid Emails emails,
        Reminders reminders,
        Sender sender,
        Boolean hasEnvelopeOtps,
        Boolean allowDecline,

        @Pattern(regexp = "GENERAL|REAL_ESTATE|ALL", message = "must be one of GENERAL, REAL_ESTATE, ALL")
        String autotagging,

        @Valid Notifications notifications,
        @Valid RedirectUrls parentRedirectUrls,
        ObjectNode branding,
        List<RecipientOptions> recipients) {

    static final String ENVELOPE_NAME_BANNED = ":*?<>|\\";
    static final String NAME_BANNED = "/\\:*?<>|";

    record Emails(
            @Valid Invitation invitation,
            @Email String replyTo,
            @Chars(min = 1, max = 100) @NoneOf(NAME_BANNED) String name,
            Reminders reminders) {}

    record Invitation(@Valid Body body) {}

    record Body(@Chars(min = 1, max = 600) String message) {}

    record Reminders(Long frequency) {}

    record Sender(List<String> eventNotifications) {}

    record Notifications(
            @NotNull(message = "is required when notifications are given")
            String destination,

            List<@Pattern(regexp = WEBHOOK_EVENTS, message = "is not a known event") String> subscriptions) {}

    static final String WEBHOOK_EVENTS = "envelope_completion|envelope_ready|envelope_created|signer_completion"
            + "|upload_errors|sign_offline_upload_errors|idv_resource_update|idv_session_completion"
            + "|idv_check_completion|idv_task_completion|idv_session_limit_reached";

    /**
     * Where an embedded signer's host page goes next (reference: success, failure); {@code decline}
     * is an extension, and a decline goes to {@code failure} without it. Checked by {@link
     * OptionsParser}: https, or http on loopback for sandbox keys.
     */
    record RedirectUrls(String success, String failure, String decline) {}

    /**
     * A SIGNER or a CC. A CC has a name and an email only; the constraints of the {@link Signer}
     * group are checked for signers alone.
     */
    record RecipientOptions(
            @Pattern(regexp = "SIGNER|CC", message = "must be SIGNER or CC")
            String type,

            @NotNull(message = "is required") @Chars(min = 1, max = 100) @NoneOf(NAME_BANNED)
            String name,

            @NotNull(message = "is required") @Email String email,

            @Chars(max = 50, groups = Signer.class) @NoneOf(value = NAME_BANNED, groups = Signer.class)
            String role,

            @Pattern(
                    regexp = "no-auth|sign-auth|idv",
                    message = "must be no-auth, sign-auth or idv",
                    groups = Signer.class)
            String authType,

            @Min(value = 1, message = "must be between 1 and 30", groups = Signer.class)
            @Max(value = 30, message = "must be between 1 and 30", groups = Signer.class)
            Long signGroup,

            @Min(value = 60, message = "must be between 60 and 31536000 (one year)", groups = Signer.class)
            @Max(value = 31_536_000, message = "must be between 60 and 31536000 (one year)", groups = Signer.class)
            Long activeForSeconds,

            @TimeZone(groups = Signer.class) String timeZoneName,

            @Country(message = "must be an ISO 3166 alpha-2 country code, e.g. GB", groups = Signer.class)
            // Named outright: the API description's resolver leaves a name that starts with "is" unconverted.
            @JsonProperty("iso_country_code")
            String isoCountryCode,

            @JsonDeserialize(using = MobileNumber.class) String mobileNumber,
            List<String> eventNotifications,
            List<String> yotiAttributes,
            ObjectNode verification,
            List<TagOptions> tags,
            Witness witness,
            List<RuleOptions> rules,
            List<String> excludedFiles) {}

    /**
     * @param authType read only to refuse it: a witness passes a one-time password and nothing else
     *     (reference 4.3: a witness cannot use sign-auth)
     */
    record Witness(List<TagOptions> tags, String authType) {}

    /** A tag as the sender places it; the text options apply to text fields only. */
    record TagOptions(
            @NotNull(message = "is required") String type,
            @NotNull(message = "is required") String fileName,

            @NotNull(message = "is required")
            @Min(value = 1, message = "must be a page number, 1 or more")
            @Max(value = Integer.MAX_VALUE, message = "must be a page number, 1 or more")
            Long pageNumber,

            @NotNull(message = "is required")
            @DecimalMin(value = "0", message = COORDINATE)
            @DecimalMax(value = "0.949", message = COORDINATE)
            Double x,

            @NotNull(message = "is required")
            @DecimalMin(value = "0", message = COORDINATE)
            @DecimalMax(value = "0.949", message = COORDINATE)
            Double y,

            Double width,
            Boolean optional,
            @Chars(min = 1, max = 50) String name,

            @Pattern(
                    regexp = "(?=.{0,50}$)[A-Za-z0-9 ]*[A-Za-z0-9][A-Za-z0-9 ]*",
                    message = "must be at most 50 letters, digits and spaces, with at least one letter or digit")
            String tagGroupName,

            @NoneOf(NAME_BANNED) String prefilledValue,
            @Chars(max = 255) @NoneOf(NAME_BANNED) String helpText,
            Boolean readonly,
            Boolean disableResize,
            @Valid TextValidation validation,
            JsonNode mergeField) {}

    static final String COORDINATE = "must be between 0 and 0.949 (a fraction of the page)";

    record TextValidation(
            @NotNull(message = "is required") String regex,
            @Chars(min = 1, max = 255) String errorMessage,

            @Pattern(regexp = "[gimsuy]*", message = "may only contain the flags g, i, m, s, u, y")
            String flags) {}

    record RuleOptions(
            String action,
            List<Condition> conditions,
            List<String> affectedTagNames,
            List<String> affectedTagGroupNames,
            List<String> affectedTagNamesOtherRecipients,
            List<String> affectedTagGroupNamesOtherRecipients) {}

    record Condition(String triggerTagName, String criteria) {}
}
