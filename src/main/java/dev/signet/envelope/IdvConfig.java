package dev.signet.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * A recipient's {@code verification.idv} (reference 4.4): which identity check, when, how many
 * sessions they may start and which failures stop them from signing.
 *
 * @param sessionConfigName one of {@link #PREBUILT}, or an organisation's custom configuration
 * @param when {@code before_viewing} (the default) or {@code after_submitting}
 * @param sessionLimit how many sessions the recipient may start, 1 to 10 as given (3 when not given)
 * @param blocksSigning {@code deadend_errors}: a failed check (document rejected, name mismatch) stops
 *     the signer, who may try again within the limit; without it the failure is recorded and the
 *     signer goes on. {@code merge_field_not_resolved}: a merge field IDV did not fill stops them.
 */
public record IdvConfig(String sessionConfigName, String when, int sessionLimit, Set<String> blocksSigning) {

    /** Yoti's prebuilt session configurations, by the names the reference gives them. */
    public static final List<String> PREBUILT =
            List.of("Real Estate", "HR", "Finance", "Adult", "Recruitment", "Liveness Only");

    public static final String BEFORE_VIEWING = "before_viewing";
    public static final String AFTER_SUBMITTING = "after_submitting";
    public static final String DEADEND_ERRORS = "deadend_errors";
    public static final String MERGE_FIELD_NOT_RESOLVED = "merge_field_not_resolved";

    /** Signet's choice where the reference gives no default: a few tries, well inside its 1–10. */
    public static final int DEFAULT_SESSION_LIMIT = 3;

    public static final int MAX_SESSION_LIMIT = 10;
    /** What reset-limit may double the limit up to (reference 1.13). */
    public static final int MAX_RESET_LIMIT = 50;

    private static final Set<String> FIELDS = Set.of("session_config_name", "when", "session_limit", "blocks_signing");
    private static final Set<String> BLOCKS = Set.of(DEADEND_ERRORS, MERGE_FIELD_NOT_RESOLVED);
    private static final int MAX_NAME = 100;

    public IdvConfig {
        blocksSigning = Set.copyOf(blocksSigning);
    }

    public boolean blocksOnFailure() {
        return blocksSigning.contains(DEADEND_ERRORS);
    }

    public boolean prebuilt() {
        return PREBUILT.contains(sessionConfigName);
    }

    /** One problem with a {@code verification.idv} object, under its field (relative to {@code idv}). */
    public record Problem(String field, String message) {}

    /** The typed options, or every problem found; never both. */
    public record Parsed(IdvConfig config, List<Problem> problems) {}

    /**
     * Reads a {@code verification.idv} object as the API receives it. A custom configuration's name
     * is accepted here when {@code customNames} knows it; everything else is a problem.
     */
    public static Parsed parse(JsonNode idv, Set<String> customNames) {
        return parse(idv, customNames::contains);
    }

    /**
     * As {@link #parse(JsonNode, Set)}, asking {@code custom} about a name that is no prebuilt one
     * (the organisation's configurations this API key may use).
     */
    public static Parsed parse(JsonNode idv, Predicate<String> custom) {
        List<Problem> problems = new ArrayList<>();
        if (idv == null || !idv.isObject()) {
            problems.add(new Problem("", "must be an object"));
            return new Parsed(null, problems);
        }
        for (Iterator<String> names = idv.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add(new Problem(name, "is not an option of verification.idv"));
            }
        }
        String config = sessionConfigName(idv.get("session_config_name"), custom, problems);
        String when = when(idv.get("when"), problems);
        int limit = sessionLimit(idv.get("session_limit"), problems);
        Set<String> blocks = blocksSigning(idv.get("blocks_signing"), problems);
        return problems.isEmpty()
                ? new Parsed(new IdvConfig(config, when, limit, blocks), List.of())
                : new Parsed(null, List.copyOf(problems));
    }

    private static String sessionConfigName(JsonNode value, Predicate<String> custom, List<Problem> problems) {
        String field = "session_config_name";
        if (value == null || value.isNull()) {
            problems.add(new Problem(field, "is required: one of " + PREBUILT + " or a custom configuration's name"));
            return null;
        }
        if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > MAX_NAME) {
            problems.add(new Problem(field, "must be a configuration's name of 1 to " + MAX_NAME + " characters"));
            return null;
        }
        String name = value.asText();
        if (!PREBUILT.contains(name) && !custom.test(name)) {
            problems.add(new Problem(
                    field,
                    "'" + name + "' is neither a prebuilt configuration " + PREBUILT
                            + " nor a custom one of this organisation (POST /v2/idv/sessions/configs)"));
        }
        return name;
    }

    private static String when(JsonNode value, List<Problem> problems) {
        if (value == null || value.isNull()) {
            return BEFORE_VIEWING;
        }
        if (value.isTextual()
                && (value.asText().equals(BEFORE_VIEWING) || value.asText().equals(AFTER_SUBMITTING))) {
            return value.asText();
        }
        problems.add(new Problem("when", "must be before_viewing or after_submitting"));
        return null;
    }

    private static int sessionLimit(JsonNode value, List<Problem> problems) {
        if (value == null || value.isNull()) {
            return DEFAULT_SESSION_LIMIT;
        }
        if (!value.isIntegralNumber() || value.asLong() < 1 || value.asLong() > MAX_SESSION_LIMIT) {
            problems.add(new Problem("session_limit", "must be a whole number from 1 to " + MAX_SESSION_LIMIT));
            return 0;
        }
        return value.asInt();
    }

    private static Set<String> blocksSigning(JsonNode value, List<Problem> problems) {
        Set<String> blocks = new LinkedHashSet<>();
        if (value == null || value.isNull()) {
            return blocks;
        }
        if (!value.isArray() || value.size() > BLOCKS.size() * 4) {
            problems.add(new Problem("blocks_signing", "must be a list of " + BLOCKS));
            return blocks;
        }
        for (JsonNode item : value) {
            if (!item.isTextual() || !BLOCKS.contains(item.asText())) {
                problems.add(new Problem("blocks_signing", "'" + item.asText() + "' is not one of " + BLOCKS));
            } else {
                blocks.add(item.asText());
            }
        }
        return blocks;
    }
}
