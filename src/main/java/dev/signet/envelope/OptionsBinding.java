package dev.signet.envelope;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.deser.ValueInstantiator;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import dev.signet.web.FieldError;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Binds a request's JSON to typed records without stopping at the first wrong type: a value of the
 * wrong JSON type becomes {@code null} and a problem under its JSON path ({@code recipients[0].tags[1].x}),
 * so a sender sees every mistake of a request at once. The rules for each JSON type are the API's:
 * <ul>
 *   <li>text only from a JSON string, "must be a string" (a {@code null} inside a list too);
 *   <li>booleans only from {@code true}/{@code false}, "must be true or false";
 *   <li>whole numbers from JSON integers or, as older clients send them, numeric strings of up to
 *       12 digits, "must be a whole number", and "is too large" beyond a long (which would wrap);
 *   <li>decimals from any JSON number, "must be a number";
 *   <li>records from objects, "must be an object"; lists from arrays, "must be an array".
 * </ul>
 * A {@code null} value is an absent one. Unknown properties are ignored, as the reference does.
 */
final class OptionsBinding {

    private static final String PROBLEMS = "signet.binding.problems";
    private static final Pattern NUMERIC_STRING = Pattern.compile("-?\\d{1,12}");

    private static final ObjectReader READER = JsonMapper.builder()
            .propertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
            .disable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
            .addModule(new SimpleModule("strict-leaves")
                    .addDeserializer(String.class, new Leaf<>(String.class, "must be a string") {
                        @Override
                        String read(JsonParser p) throws IOException {
                            return p.currentToken() == JsonToken.VALUE_STRING ? p.getText() : null;
                        }
                    })
                    .addDeserializer(Boolean.class, new Leaf<>(Boolean.class, "must be true or false") {
                        @Override
                        Boolean read(JsonParser p) {
                            JsonToken t = p.currentToken();
                            return t == JsonToken.VALUE_TRUE
                                    ? Boolean.TRUE
                                    : t == JsonToken.VALUE_FALSE ? Boolean.FALSE : null;
                        }
                    })
                    .addDeserializer(Long.class, new WholeNumber())
                    .addDeserializer(Double.class, new Leaf<>(Double.class, "must be a number") {
                        @Override
                        Double read(JsonParser p) throws IOException {
                            return p.currentToken().isNumeric() ? p.getDoubleValue() : null;
                        }
                    }))
            .addHandler(new Shapes())
            .build()
            .reader();

    /** What binding found, with the problems it collected. */
    record Bound<T>(T value, List<FieldError> problems) {}

    private OptionsBinding() {}

    static <T> Bound<T> bind(JsonNode tree, Class<T> type) {
        List<FieldError> problems = new java.util.ArrayList<>();
        try {
            T value = READER.forType(type).withAttribute(PROBLEMS, problems).readValue(tree);
            return new Bound<>(value, problems);
        } catch (IOException e) {
            // Every wrong type is turned into a problem above; what is left is a fault of the records.
            throw new IllegalStateException("cannot bind " + type.getSimpleName(), e);
        }
    }

    /** Reports a problem at the value the parser stands on. */
    static void report(JsonParser p, DeserializationContext ctxt, String message) {
        @SuppressWarnings("unchecked")
        List<FieldError> problems = (List<FieldError>) ctxt.getAttribute(PROBLEMS);
        problems.add(new FieldError(path(p), message));
    }

    /** The JSON path of the current value, as the API names fields: {@code recipients[0].tags[1].x}. */
    static String path(JsonParser p) {
        JsonStreamContext context = p.getParsingContext();
        JsonToken token = p.currentToken();
        if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
            context = context.getParent();
        }
        Deque<String> parts = new ArrayDeque<>();
        for (JsonStreamContext c = context; c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.push("[" + c.getCurrentIndex() + "]");
            } else if (c.getCurrentName() != null) {
                parts.push("." + c.getCurrentName());
            }
        }
        String path = String.join("", parts);
        return path.startsWith(".") ? path.substring(1) : path;
    }

    /** A scalar of one JSON type; anything else is reported, skipped and read as absent. */
    private abstract static class Leaf<T> extends StdDeserializer<T> {

        private final String problem;

        Leaf(Class<T> type, String problem) {
            super(type);
            this.problem = problem;
        }

        abstract T read(JsonParser p) throws IOException;

        @Override
        public T deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            T value = read(p);
            if (value == null) {
                report(p, ctxt, problem);
                p.skipChildren();
            }
            return value;
        }

        /** A {@code null} is an absent value, except as an item of a list, where it is the wrong type. */
        @Override
        public T getNullValue(DeserializationContext ctxt) {
            JsonParser p = ctxt.getParser();
            if (p != null
                    && p.currentToken() == JsonToken.VALUE_NULL
                    && p.getParsingContext().inArray()) {
                report(p, ctxt, problem);
            }
            return null;
        }

        @Override
        public Object getAbsentValue(DeserializationContext ctxt) {
            return null;
        }
    }

    private static final class WholeNumber extends Leaf<Long> {

        WholeNumber() {
            super(Long.class, "must be a whole number");
        }

        @Override
        Long read(JsonParser p) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_STRING
                    && NUMERIC_STRING.matcher(p.getText()).matches()) {
                return Long.parseLong(p.getText());
            }
            return p.currentToken() == JsonToken.VALUE_NUMBER_INT ? p.getLongValue() : null;
        }

        @Override
        public Long deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            if (p.currentToken() == JsonToken.VALUE_NUMBER_INT
                    && p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                // getLongValue() would fail here, and a cast would silently wrap into a small, valid-looking number.
                report(p, ctxt, "is too large");
                return null;
            }
            return super.deserialize(p, ctxt);
        }
    }

    /** Objects and arrays where the other, or a scalar, was given. */
    private static final class Shapes extends DeserializationProblemHandler {

        @Override
        public Object handleUnexpectedToken(
                DeserializationContext ctxt, JavaType targetType, JsonToken t, JsonParser p, String failureMsg)
                throws IOException {
            return wrongShape(ctxt, targetType.getRawClass(), p);
        }

        @Override
        public Object handleMissingInstantiator(
                DeserializationContext ctxt, Class<?> instClass, ValueInstantiator valueInsts, JsonParser p, String msg)
                throws IOException {
            return wrongShape(ctxt, instClass, p);
        }

        private static Object wrongShape(DeserializationContext ctxt, Class<?> target, JsonParser p)
                throws IOException {
            report(p, ctxt, Collection.class.isAssignableFrom(target) ? "must be an array" : "must be an object");
            p.skipChildren();
            return null;
        }
    }

    /**
     * A mobile number as the reference takes it: digits, as a JSON number or as text with spaces,
     * an optional leading +; 4 to 15 digits. Anything else is reported and read as absent.
     */
    static final class MobileNumber extends Leaf<String> {

        private static final Pattern DIGITS = Pattern.compile("\\+?\\d{4,15}");

        MobileNumber() {
            super(String.class, "must be a phone number of 4 to 15 digits");
        }

        @Override
        String read(JsonParser p) throws IOException {
            String digits = p.currentToken() == JsonToken.VALUE_NUMBER_INT
                    ? p.getText()
                    : p.currentToken() == JsonToken.VALUE_STRING ? p.getText().replace(" ", "") : null;
            return digits != null && DIGITS.matcher(digits).matches() ? digits : null;
        }
    }
}
