package dev.signet.envelope;

import static java.lang.annotation.ElementType.FIELD;
import static java.lang.annotation.ElementType.METHOD;
import static java.lang.annotation.ElementType.PARAMETER;
import static java.lang.annotation.ElementType.RECORD_COMPONENT;
import static java.lang.annotation.ElementType.TYPE_USE;
import static java.lang.annotation.RetentionPolicy.RUNTIME;

import dev.signet.web.FieldError;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.validation.Configuration;
import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.MessageInterpolator;
import jakarta.validation.Path;
import jakarta.validation.Payload;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import java.lang.annotation.Retention;
import java.lang.annotation.Target;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The declarative half of the request rules: Jakarta Bean Validation over the bound records, with
 * the API's own sentences as messages (taken literally, never interpolated) and its JSON paths
 * ({@code recipients[0].tags[1].x}) as fields. The constraints the standard lacks are here too:
 * lengths in characters as a person counts them (code points), banned characters, deliverable
 * email addresses, countries and time zones.
 */
final class Rules {

    /** Constraints that apply to a signer and not to a CC, whose other fields are refused instead. */
    interface Signer {}

    private static final Validator VALIDATOR;

    static {
        Configuration<?> configuration = Validation.byDefaultProvider().configure();
        VALIDATOR = configuration
                .messageInterpolator(new Literal())
                .buildValidatorFactory()
                .getValidator();
    }

    private Rules() {}

    /**
     * The problems of one record, under {@code prefix}; those of one field in a fixed order (a length
     * before a banned character, as the sentences sort). {@link FieldOrder} orders the fields.
     *
     * @param prefix the record's own JSON path, or "" for the root
     */
    static List<FieldError> check(Object record, String prefix, Class<?>... groups) {
        if (record == null) {
            return List.of();
        }
        List<FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<Object> v : VALIDATOR.validate(record, groups)) {
            String path = path(v.getPropertyPath());
            errors.add(new FieldError(
                    prefix.isEmpty() ? path : path.isEmpty() ? prefix : prefix + "." + path, v.getMessage()));
        }
        // Two constraints that share a sentence say it once.
        return errors.stream()
                .distinct()
                .sorted(Comparator.comparing(FieldError::field).thenComparing(FieldError::message))
                .toList();
    }

    /** {@code tags[1].pageNumber} becomes {@code tags[1].page_number}; a list item's own node adds only its index. */
    private static String path(Path path) {
        StringBuilder out = new StringBuilder();
        for (Path.Node node : path) {
            if (node.isInIterable()) {
                out.append('[').append(node.getIndex()).append(']');
            }
            String name = node.getName();
            if (name != null && !name.startsWith("<")) {
                out.append(out.isEmpty() ? "" : ".").append(snake(name));
            }
        }
        return out.toString();
    }

    static String snake(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
    }

    /** An RFC 5322 addr-spec with a domain that has a dot: what a mail server can deliver to. */
    static boolean isEmail(String value) {
        if (value.length() > 320 || value.isBlank()) {
            return false;
        }
        try {
            InternetAddress address = new InternetAddress(value, true);
            address.validate();
            String domain = value.substring(value.lastIndexOf('@') + 1);
            return address.getPersonal() == null
                    && value.equals(address.getAddress())
                    && domain.contains(".")
                    && !domain.startsWith(".")
                    && !domain.endsWith(".");
        } catch (AddressException e) {
            return false;
        }
    }

    /** The messages are the API's sentences as written: nothing in them is a template. */
    private static final class Literal implements MessageInterpolator {
        @Override
        public String interpolate(String messageTemplate, Context context) {
            return messageTemplate;
        }

        @Override
        public String interpolate(String messageTemplate, Context context, Locale locale) {
            return messageTemplate;
        }
    }

    /**
     * A length in characters as a person counts them; "must be 1 to 100 characters" or "must be at
     * most 50 characters" unless a message is given.
     */
    @Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
    @Retention(RUNTIME)
    @Constraint(validatedBy = CharsCheck.class)
    @interface Chars {
        int min() default 0;

        int max();

        String message() default "";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    public static final class CharsCheck implements ConstraintValidator<Chars, String> {
        private int min;
        private int max;

        private boolean ownMessage;

        @Override
        public void initialize(Chars chars) {
            min = chars.min();
            max = chars.max();
            ownMessage = chars.message().isEmpty();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            int n = value.codePointCount(0, value.length());
            if (n >= min && n <= max) {
                return true;
            }
            if (!ownMessage) {
                return false;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate(
                            min == 0
                                    ? "must be at most " + max + " characters"
                                    : "must be " + min + " to " + max + " characters")
                    .addConstraintViolation();
            return false;
        }
    }

    /** None of the given characters, which the message lists in their order unless one is given. */
    @Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
    @Retention(RUNTIME)
    @Constraint(validatedBy = NoneOfCheck.class)
    @interface NoneOf {
        String value();

        String message() default "";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    public static final class NoneOfCheck implements ConstraintValidator<NoneOf, String> {
        private String banned;

        private boolean ownMessage;

        @Override
        public void initialize(NoneOf noneOf) {
            banned = noneOf.value();
            ownMessage = noneOf.message().isEmpty();
        }

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null || value.chars().noneMatch(c -> banned.indexOf(c) >= 0)) {
                return true;
            }
            if (!ownMessage) {
                return false;
            }
            context.disableDefaultConstraintViolation();
            context.buildConstraintViolationWithTemplate("must not contain any of "
                            + banned.chars()
                                    .mapToObj(c -> String.valueOf((char) c))
                                    .collect(Collectors.joining(" ")))
                    .addConstraintViolation();
            return false;
        }
    }

    @Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
    @Retention(RUNTIME)
    @Constraint(validatedBy = EmailCheck.class)
    @interface Email {
        String message() default "is not a valid email address";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    public static final class EmailCheck implements ConstraintValidator<Email, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || isEmail(value);
        }
    }

    /** An ISO 3166 alpha-2 code, upper case. */
    @Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
    @Retention(RUNTIME)
    @Constraint(validatedBy = CountryCheck.class)
    @interface Country {
        String message();

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    public static final class CountryCheck implements ConstraintValidator<Country, String> {
        private static final Set<String> COUNTRIES = Set.of(Locale.getISOCountries());

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || COUNTRIES.contains(value);
        }
    }

    @Target({FIELD, METHOD, PARAMETER, RECORD_COMPONENT, TYPE_USE})
    @Retention(RUNTIME)
    @Constraint(validatedBy = TimeZoneCheck.class)
    @interface TimeZone {
        String message() default "is not an IANA time zone name";

        Class<?>[] groups() default {};

        Class<? extends Payload>[] payload() default {};
    }

    public static final class TimeZoneCheck implements ConstraintValidator<TimeZone, String> {
        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            if (value == null) {
                return true;
            }
            try {
                ZoneId.of(value);
                return true;
            } catch (DateTimeException e) {
                return false;
            }
        }
    }
}
