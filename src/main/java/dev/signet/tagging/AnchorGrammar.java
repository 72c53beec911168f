package dev.signet.tagging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The anchor grammar of reference §3: {@code |} role, number, type, R or O, optional JSON meta,
 * {@code |}. {@link #CANDIDATE} is deliberately looser than the grammar, so that a near miss
 * ({@code |S31SR|}, {@code |S1XR|}) is reported instead of silently staying in the document.
 */
final class AnchorGrammar {

    static final Pattern HEADER = Pattern.compile("\\|AT\\|");
    static final Pattern CANDIDATE = Pattern.compile("\\|([A-Z])(\\d{1,3})([A-Z][A-Z0-9]{0,7})(\\{[^|\\n]*\\})?\\|");
    private static final Pattern TYPE = Pattern.compile("(CB|DS|IN|RG(\\d{1,3})|S|T|A)([RO])");
    private static final Map<String, TagType> TYPES = Map.of(
            "S",
            TagType.SIGNATURE,
            "T",
            TagType.TEXT_FIELD,
            "CB",
            TagType.CHECKBOX_FIELD,
            "DS",
            TagType.DATE_SIGNED_FIELD,
            "IN",
            TagType.INITIALS,
            "A",
            TagType.ATTACHMENT,
            "RG",
            TagType.RADIO_FIELD);
    private static final Set<String> META_KEYS = Set.of("nm", "ph", "pf");
    private static final Pattern BANNED = Pattern.compile("[/\\\\:*?<>|]");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A parsed anchor; {@code radioGroup} is the k of RG<k>, {@code name}, {@code help}, {@code prefill} from meta. */
    record Parsed(
            RoleKey role,
            TagType type,
            boolean optional,
            Integer radioGroup,
            String name,
            String help,
            String prefill) {}

    /** Thrown for an anchor that breaks the grammar; the message is the reason. */
    static final class Invalid extends Exception {
        Invalid(String reason) {
            super(reason);
        }
    }

    private AnchorGrammar() {}

    static Parsed parse(Matcher candidate, Industry industry) throws Invalid {
        char letter = candidate.group(1).charAt(0);
        if (!Industry.ALL.allows(letter)) {
            throw new Invalid("'" + letter + "' is not a role (S, T, L, A, G or C)");
        }
        if (!industry.allows(letter)) {
            throw new Invalid("role '" + letter + "' needs autotagging REAL_ESTATE or ALL, not " + industry);
        }
        int number = Integer.parseInt(candidate.group(2));
        if (number < 1 || number > RoleKey.MAX_NUMBER) {
            throw new Invalid("recipient number " + number + " is not between 1 and " + RoleKey.MAX_NUMBER);
        }
        Matcher type = TYPE.matcher(candidate.group(3));
        if (!type.matches()) {
            throw new Invalid(
                    "'" + candidate.group(3) + "' is not a type (S, T, CB, DS, IN, A or RG<k>) followed by R or O");
        }
        TagType tagType = TYPES.get(type.group(2) == null ? type.group(1) : "RG");
        Integer group = type.group(2) == null ? null : Integer.valueOf(type.group(2));
        if (group != null && group < 1) {
            throw new Invalid("radio group number must be 1 or more");
        }
        boolean optional = type.group(3).equals("O");
        if (tagType == TagType.DATE_SIGNED_FIELD && optional) {
            throw new Invalid("a date signed field cannot be optional (use R)");
        }
        String meta = candidate.group(4);
        if (meta == null) {
            return new Parsed(new RoleKey(letter, number), tagType, optional, group, null, null, null);
        }
        if (tagType != TagType.TEXT_FIELD) {
            throw new Invalid("only text field anchors (T) may carry meta");
        }
        JsonNode node = meta(meta);
        return new Parsed(
                new RoleKey(letter, number),
                tagType,
                optional,
                null,
                text(node, "nm", 50),
                text(node, "ph", 255),
                text(node, "pf", 255));
    }

    private static JsonNode meta(String meta) throws Invalid {
        JsonNode node;
        try {
            node = JSON.readTree(meta);
        } catch (JsonProcessingException e) {
            throw new Invalid("meta is not valid JSON");
        }
        if (node == null || !node.isObject()) {
            throw new Invalid("meta must be a JSON object");
        }
        for (Iterator<String> keys = node.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!META_KEYS.contains(key)) {
                throw new Invalid("meta key '" + key + "' is not one of nm, ph, pf");
            }
            if (!node.get(key).isTextual()) {
                throw new Invalid("meta " + key + " must be a string");
            }
        }
        return node;
    }

    private static String text(JsonNode node, String key, int max) throws Invalid {
        if (!node.has(key)) {
            return null;
        }
        String value = node.get(key).textValue();
        if (value.isEmpty() || value.codePointCount(0, value.length()) > max) {
            throw new Invalid("meta " + key + " must be 1 to " + max + " characters");
        }
        if (!key.equals("nm") && BANNED.matcher(value).find()) {
            throw new Invalid("meta " + key + " must not contain any of / \\ : * ? < > |");
        }
        return value;
    }
}
