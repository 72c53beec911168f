package dev.signet.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What text Signet accepts, in one place: no control characters (C0, DEL, C1), no noncharacters
 * (U+FDD0–U+FDEF and U+xFFFE/U+xFFFF of every plane) and no unpaired surrogates, in any string or
 * key of any request. Such characters cannot be written into XML (the evidence file), PostgreSQL
 * refuses NUL, and none of them belongs in a name, an address or a value a person typed. Tab, line
 * feed and carriage return are allowed only in the few texts meant to span lines.
 */
public final class TextRules {

    /** JSON paths, array indexes written {@code []}, whose text may span lines. */
    private static final Set<String> MULTI_LINE = Set.of("reason", "emails.invitation.body.message");

    private TextRules() {}

    /** Why the text is refused, or empty when it is fine. */
    public static Optional<String> problem(String text, boolean multiLine) {
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            // codePointAt gives a lone surrogate back as itself; a proper pair comes back combined.
            if (c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE) {
                return Optional.of("must not contain an unpaired surrogate (" + hex(c) + ")");
            }
            if (isControl(c) && !(multiLine && (c == '\t' || c == '\n' || c == '\r'))) {
                return Optional.of("must not contain control characters (" + hex(c) + ")");
            }
            if (isNoncharacter(c)) {
                return Optional.of("must not contain the noncharacter " + hex(c));
            }
            i += Character.charCount(c);
        }
        return Optional.empty();
    }

    /** Every refused string or key in a JSON tree, each under its path ({@code recipients[0].name}). */
    public static List<FieldError> check(JsonNode tree) {
        List<FieldError> errors = new ArrayList<>();
        walk(tree, "", "", errors);
        return errors;
    }

    /** @throws ApiException 422 naming every refused text of the tree */
    public static void requireClean(JsonNode tree) {
        List<FieldError> errors = check(tree);
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }

    private static void walk(JsonNode node, String path, String shape, List<FieldError> errors) {
        if (node == null) {
            return;
        }
        if (node.isTextual()) {
            problem(node.textValue(), MULTI_LINE.contains(shape))
                    .ifPresent(p -> errors.add(new FieldError(path.isEmpty() ? "body" : path, p)));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), path + "[" + i + "]", shape + "[]", errors);
            }
        } else if (node.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                String childPath = path.isEmpty() ? field.getKey() : path + "." + field.getKey();
                String childShape = shape.isEmpty() ? field.getKey() : shape + "." + field.getKey();
                Optional<String> badKey = problem(field.getKey(), false);
                if (badKey.isPresent()) {
                    errors.add(new FieldError(path.isEmpty() ? "body" : path, "a key " + badKey.get()));
                } else {
                    walk(field.getValue(), childPath, childShape, errors);
                }
            }
        }
    }

    private static boolean isControl(int c) {
        return c < 0x20 || (c >= 0x7F && c <= 0x9F);
    }

    private static boolean isNoncharacter(int c) {
        return (c >= 0xFDD0 && c <= 0xFDEF) || (c & 0xFFFE) == 0xFFFE;
    }

    private static String hex(int c) {
        return String.format("U+%04X", c);
    }
}
