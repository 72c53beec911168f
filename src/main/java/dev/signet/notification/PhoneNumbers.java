package dev.signet.notification;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberFormat;
import com.google.i18n.phonenumbers.PhoneNumberUtil.PhoneNumberType;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import java.util.Locale;
import java.util.Set;

/**
 * A recipient's {@code mobile_number} and {@code iso_country_code} as one E.164 number
 * ({@code +447700900123}), the only form an SMS provider is given. The reference sends the national
 * number without its trunk prefix ({@code 7700900123} with {@code GB}), as a string or a JSON
 * number; a leading 0 or a full international number ({@code +44…}) are read too. Google's
 * libphonenumber carries each country's numbering plan, so a number that could not be a mobile
 * there is refused before any code is sent.
 */
public final class PhoneNumbers {

    /** E.164 allows 15 digits; room for spaces, dashes and brackets, but nothing a parser should chew on. */
    private static final int MAX_INPUT = 40;
    /** Types that can receive an SMS; FIXED_LINE_OR_MOBILE is how the plans of the US and Canada answer. */
    private static final Set<PhoneNumberType> TEXTABLE =
            Set.of(PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE);

    private static final PhoneNumberUtil UTIL = PhoneNumberUtil.getInstance();

    private PhoneNumbers() {}

    /** Either the number in E.164 or why it was refused. */
    public sealed interface Result permits Valid, Invalid {}

    /** @param e164 the number in E.164, e.g. {@code +447700900123}; {@code region} the country it belongs to */
    public record Valid(String e164, String region) implements Result {}

    /** @param message a sentence a sender or recipient can act on; it never repeats the number */
    public record Invalid(Problem problem, String message) implements Result {}

    /** Why a number is refused, for programs (each has its sentence in {@link Invalid#message()}). */
    public enum Problem {
        MISSING_NUMBER,
        MISSING_COUNTRY,
        UNKNOWN_COUNTRY,
        NOT_A_NUMBER,
        TOO_SHORT,
        TOO_LONG,
        NOT_VALID_IN_COUNTRY,
        NOT_A_MOBILE
    }

    public static Result normalise(String mobileNumber, String isoCountryCode) {
        String number = mobileNumber == null ? "" : mobileNumber.strip();
        if (number.isEmpty()) {
            return invalid(Problem.MISSING_NUMBER, "No mobile number is given.");
        }
        if (number.length() > MAX_INPUT) {
            return invalid(Problem.TOO_LONG, "The mobile number is too long to be a phone number.");
        }
        boolean international = number.startsWith("+");
        String region = isoCountryCode == null ? "" : isoCountryCode.strip().toUpperCase(Locale.ROOT);
        if (!international && region.isEmpty()) {
            return invalid(Problem.MISSING_COUNTRY, "A mobile number needs its iso_country_code (e.g. GB).");
        }
        if (!international && !UTIL.getSupportedRegions().contains(region)) {
            return invalid(Problem.UNKNOWN_COUNTRY, "iso_country_code must be an ISO 3166 alpha-2 country code.");
        }
        PhoneNumber parsed;
        try {
            parsed = UTIL.parse(number, international ? null : region);
        } catch (NumberParseException e) {
            return switch (e.getErrorType()) {
                case TOO_SHORT_NSN, TOO_SHORT_AFTER_IDD ->
                    invalid(Problem.TOO_SHORT, "The mobile number is too short.");
                case TOO_LONG -> invalid(Problem.TOO_LONG, "The mobile number is too long.");
                case INVALID_COUNTRY_CODE ->
                    invalid(Problem.UNKNOWN_COUNTRY, "The mobile number's country calling code is not known.");
                default -> invalid(Problem.NOT_A_NUMBER, "The mobile number is not a phone number.");
            };
        }
        switch (UTIL.isPossibleNumberWithReason(parsed)) {
            case TOO_SHORT:
                return invalid(Problem.TOO_SHORT, "The mobile number is too short.");
            case TOO_LONG:
                return invalid(Problem.TOO_LONG, "The mobile number is too long.");
            case INVALID_COUNTRY_CODE:
                return invalid(Problem.UNKNOWN_COUNTRY, "The mobile number's country calling code is not known.");
            default:
                break;
        }
        String numberRegion = UTIL.getRegionCodeForNumber(parsed);
        if (!UTIL.isValidNumber(parsed)) {
            return invalid(
                    Problem.NOT_VALID_IN_COUNTRY,
                    international
                            ? "The mobile number is not a valid number in its country."
                            : "The mobile number is not a valid number in " + region + ".");
        }
        if (!TEXTABLE.contains(UTIL.getNumberType(parsed))) {
            return invalid(
                    Problem.NOT_A_MOBILE, "The number is not a mobile number, so it cannot receive a text message.");
        }
        return new Valid(UTIL.format(parsed, PhoneNumberFormat.E164), numberRegion);
    }

    /** The number as a page may show it: country code and the last two digits, e.g. {@code +44 ••••••••23}. */
    public static String masked(String e164) {
        int countryDigits;
        try {
            countryDigits =
                    String.valueOf(UTIL.parse(e164, null).getCountryCode()).length();
        } catch (NumberParseException e) {
            countryDigits = 0;
        }
        int visibleEnd = 2;
        int hidden = Math.max(0, e164.length() - 1 - countryDigits - visibleEnd);
        return e164.substring(0, 1 + countryDigits) + " " + "•".repeat(hidden)
                + e164.substring(e164.length() - visibleEnd);
    }

    private static Invalid invalid(Problem problem, String message) {
        return new Invalid(problem, message);
    }
}
