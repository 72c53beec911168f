package dev.signet.assurance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.envelope.IdvConfig;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What an identity session asks for: the part of Yoti's IDV session specification Signet carries out
 * (reference 1.13: a custom configuration's {@code session_config}, endpoint 16). Each prebuilt
 * configuration is one of these too, so both providers run a custom configuration as they run a
 * prebuilt one. What Signet sets itself (the user tracking id, where the person comes back) or
 * cannot run (watchlist screening, supplementary documents, third-party checks) is refused with the
 * field named: never stored and then ignored.
 *
 * @param checks each with its {@code config}: {@code manual_check} for the document checks,
 *     {@code liveness_type} and {@code max_retries} for liveness
 */
record IdvSessionSpec(
        int clientSessionTokenTtl,
        int resourcesTtl,
        boolean blockBiometricConsent,
        List<Requested> checks,
        List<Requested> tasks,
        boolean idDocumentRequired) {

    static final String AUTHENTICITY = "ID_DOCUMENT_AUTHENTICITY";
    static final String FACE_MATCH = "ID_DOCUMENT_FACE_MATCH";
    static final String LIVENESS = "LIVENESS";
    static final String TEXT_EXTRACTION = "ID_DOCUMENT_TEXT_DATA_EXTRACTION";

    /** How long the person's session token lives: the time they have to finish in the provider's page. */
    static final int DEFAULT_CLIENT_SESSION_TOKEN_TTL = 3600;
    /** How long the provider keeps the session's documents and images for the result, report and media. */
    static final int DEFAULT_RESOURCES_TTL = 90 * 24 * 3600;

    private static final int MIN_TOKEN_TTL = 60;
    private static final int MAX_TOKEN_TTL = 7 * 24 * 3600;
    /** Yoti keeps resources at least a day beyond the token's life. */
    private static final int RESOURCES_MARGIN = 24 * 3600;

    private static final int MAX_RESOURCES_TTL = 365 * 24 * 3600;
    private static final int MAX_ITEMS = 10;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> FIELDS = Set.of(
            "client_session_token_ttl",
            "resources_ttl",
            "block_biometric_consent",
            "requested_checks",
            "requested_tasks",
            "required_documents");
    private static final Set<String> MANUAL_CHECK = Set.of("ALWAYS", "FALLBACK", "NEVER");
    private static final Set<String> LIVENESS_TYPES = Set.of("STATIC", "ZOOM");
    /** The config fields each check or task type takes. */
    private static final Map<String, Set<String>> CONFIG = Map.of(
            AUTHENTICITY, Set.of("manual_check"),
            FACE_MATCH, Set.of("manual_check"),
            LIVENESS, Set.of("liveness_type", "max_retries"),
            TEXT_EXTRACTION, Set.of("manual_check"));

    /** One requested check or task; a null value was not given (the provider's default). */
    record Requested(String type, String manualCheck, String livenessType, Integer maxRetries) {}

    IdvSessionSpec {
        checks = List.copyOf(checks);
        tasks = List.copyOf(tasks);
    }

    /**
     * Whether the session reads the person's name from an identity document (text extraction): only
     * then is there a name to compare with the recipient's. Liveness Only reads none.
     */
    boolean readsName() {
        return tasks.stream().anyMatch(t -> t.type().equals(TEXT_EXTRACTION));
    }

    /** What Signet asks Yoti for under each prebuilt name: liveness, and for all but Liveness Only the document. */
    static IdvSessionSpec prebuilt(String name) {
        List<Requested> checks = new ArrayList<>(List.of(new Requested(LIVENESS, null, "STATIC", 3)));
        List<Requested> tasks = new ArrayList<>();
        boolean document = !"Liveness Only".equals(name);
        if (document) {
            checks.add(new Requested(AUTHENTICITY, null, null, null));
            checks.add(new Requested(FACE_MATCH, "FALLBACK", null, null));
            tasks.add(new Requested(TEXT_EXTRACTION, "FALLBACK", null, null));
        }
        // No required_documents: with document checks Yoti asks for an identity document by itself.
        return new IdvSessionSpec(DEFAULT_CLIENT_SESSION_TOKEN_TTL, DEFAULT_RESOURCES_TTL, false, checks, tasks, false);
    }

    /** The specification as the API shows and stores it, in Yoti's field names. */
    ObjectNode json() {
        ObjectNode spec = JSON.createObjectNode()
                .put("client_session_token_ttl", clientSessionTokenTtl)
                .put("resources_ttl", resourcesTtl)
                .put("block_biometric_consent", blockBiometricConsent);
        write(spec.putArray("requested_checks"), checks);
        write(spec.putArray("requested_tasks"), tasks);
        ArrayNode documents = spec.putArray("required_documents");
        if (idDocumentRequired) {
            documents.addObject().put("type", "ID_DOCUMENT");
        }
        return spec;
    }

    private static void write(ArrayNode array, List<Requested> items) {
        for (Requested r : items) {
            ObjectNode config = array.addObject().put("type", r.type()).putObject("config");
            if (r.manualCheck() != null) {
                config.put("manual_check", r.manualCheck());
            }
            if (r.livenessType() != null) {
                config.put("liveness_type", r.livenessType());
            }
            if (r.maxRetries() != null) {
                config.put("max_retries", r.maxRetries());
            }
        }
    }

    /** The specification, or every problem found (fields relative to {@code session_config}); never both. */
    record Parsed(IdvSessionSpec spec, List<IdvConfig.Problem> problems) {}

    static Parsed parse(JsonNode spec) {
        List<IdvConfig.Problem> problems = new ArrayList<>();
        if (spec == null || !spec.isObject()) {
            return new Parsed(null, List.of(new IdvConfig.Problem("", "must be an object")));
        }
        for (Iterator<String> names = spec.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                problems.add(new IdvConfig.Problem(
                        name,
                        name.equals("user_tracking_id")
                                ? "is set by Signet to the recipient's id"
                                : "is not a part of the session specification Signet carries out " + FIELDS));
            }
        }
        int tokenTtl = integer(
                spec,
                "client_session_token_ttl",
                DEFAULT_CLIENT_SESSION_TOKEN_TTL,
                MIN_TOKEN_TTL,
                MAX_TOKEN_TTL,
                problems);
        int resourcesTtl = integer(
                spec,
                "resources_ttl",
                Math.max(DEFAULT_RESOURCES_TTL, tokenTtl + RESOURCES_MARGIN),
                tokenTtl + RESOURCES_MARGIN,
                MAX_RESOURCES_TTL,
                problems);
        JsonNode consent = spec.get("block_biometric_consent");
        if (consent != null && !consent.isNull() && !consent.isBoolean()) {
            problems.add(new IdvConfig.Problem("block_biometric_consent", "must be true or false"));
        }
        List<Requested> checks = requested(spec.get("requested_checks"), "requested_checks", true, problems);
        List<Requested> tasks = requested(spec.get("requested_tasks"), "requested_tasks", false, problems);
        boolean idDocument = requiredDocuments(spec.get("required_documents"), problems);
        rules(checks, tasks, problems);
        if (!problems.isEmpty()) {
            return new Parsed(null, List.copyOf(problems));
        }
        return new Parsed(
                new IdvSessionSpec(
                        tokenTtl, resourcesTtl, consent != null && consent.asBoolean(), checks, tasks, idDocument),
                List.of());
    }

    /**
     * A document check needs the text read from it (so the verified name can be compared with the
     * recipient's); a face match needs a face to match (liveness); each type once.
     */
    private static void rules(List<Requested> checks, List<Requested> tasks, List<IdvConfig.Problem> problems) {
        Set<String> checkTypes = new java.util.HashSet<>();
        checks.forEach(c -> checkTypes.add(c.type()));
        boolean extraction = tasks.stream().anyMatch(t -> t.type().equals(TEXT_EXTRACTION));
        if (checkTypes.size() < checks.size()) {
            problems.add(new IdvConfig.Problem("requested_checks", "may ask for each check once"));
        }
        if (tasks.size() > 1) {
            problems.add(new IdvConfig.Problem("requested_tasks", "may ask for each task once"));
        }
        if (checkTypes.contains(AUTHENTICITY) && !extraction) {
            problems.add(new IdvConfig.Problem(
                    "requested_tasks",
                    "must ask for " + TEXT_EXTRACTION + " with " + AUTHENTICITY
                            + ": Signet compares the name read from the document with the recipient's"));
        }
        if (checkTypes.contains(FACE_MATCH) && !checkTypes.contains(LIVENESS)) {
            problems.add(new IdvConfig.Problem(
                    "requested_checks", FACE_MATCH + " needs a " + LIVENESS + " check to match the face with"));
        }
    }

    private static List<Requested> requested(
            JsonNode array, String field, boolean checks, List<IdvConfig.Problem> problems) {
        List<Requested> items = new ArrayList<>();
        if (array == null || array.isNull()) {
            if (checks) {
                problems.add(new IdvConfig.Problem(field, "is required: at least one check"));
            }
            return items;
        }
        if (!array.isArray() || array.size() > MAX_ITEMS || (checks && array.isEmpty())) {
            problems.add(new IdvConfig.Problem(field, "must be a list of 1 to " + MAX_ITEMS + " items"));
            return items;
        }
        Set<String> allowed = checks ? Set.of(AUTHENTICITY, FACE_MATCH, LIVENESS) : Set.of(TEXT_EXTRACTION);
        for (int i = 0; i < array.size(); i++) {
            String at = field + "[" + i + "]";
            JsonNode item = array.get(i);
            String type = item.path("type").asText("");
            if (!item.isObject() || !allowed.contains(type)) {
                problems.add(new IdvConfig.Problem(
                        at + ".type", "'" + type + "' is not one Signet carries out; one of " + allowed));
                continue;
            }
            for (Iterator<String> names = item.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!name.equals("type") && !name.equals("config")) {
                    problems.add(new IdvConfig.Problem(at + "." + name, "is not a field of a " + type));
                }
            }
            Requested r = requested(type, item.get("config"), at + ".config", problems);
            if (r != null) {
                items.add(r);
            }
        }
        return items;
    }

    private static Requested requested(String type, JsonNode config, String at, List<IdvConfig.Problem> problems) {
        if (config == null || config.isNull()) {
            return new Requested(type, null, type.equals(LIVENESS) ? "STATIC" : null, null);
        }
        if (!config.isObject()) {
            problems.add(new IdvConfig.Problem(at, "must be an object"));
            return null;
        }
        for (Iterator<String> names = config.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!CONFIG.get(type).contains(name)) {
                problems.add(new IdvConfig.Problem(at + "." + name, "is not a setting Signet carries out for " + type));
            }
        }
        String manual = text(config, "manual_check", MANUAL_CHECK, at, problems);
        String liveness = text(config, "liveness_type", LIVENESS_TYPES, at, problems);
        Integer retries = null;
        JsonNode max = config.get("max_retries");
        if (max != null && !max.isNull()) {
            if (!max.isIntegralNumber() || max.asInt() < 1 || max.asInt() > MAX_ITEMS) {
                problems.add(
                        new IdvConfig.Problem(at + ".max_retries", "must be a whole number from 1 to " + MAX_ITEMS));
            } else {
                retries = max.asInt();
            }
        }
        return new Requested(type, manual, type.equals(LIVENESS) && liveness == null ? "STATIC" : liveness, retries);
    }

    private static String text(
            JsonNode config, String name, Set<String> values, String at, List<IdvConfig.Problem> problems) {
        JsonNode value = config.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || !values.contains(value.asText())) {
            problems.add(new IdvConfig.Problem(at + "." + name, "must be one of " + values));
            return null;
        }
        return value.asText();
    }

    private static boolean requiredDocuments(JsonNode array, List<IdvConfig.Problem> problems) {
        if (array == null || array.isNull()) {
            return false;
        }
        if (!array.isArray() || array.size() > 1) {
            problems.add(new IdvConfig.Problem(
                    "required_documents", "may ask for one identity document: [{\"type\": \"ID_DOCUMENT\"}]"));
            return false;
        }
        for (JsonNode document : array) {
            if (!document.isObject()
                    || document.size() != 1
                    || !"ID_DOCUMENT".equals(document.path("type").asText())) {
                problems.add(new IdvConfig.Problem(
                        "required_documents[0]",
                        "Signet asks for an identity document only ({\"type\": \"ID_DOCUMENT\"}, without filters)"));
            }
        }
        return !array.isEmpty();
    }

    private static int integer(
            JsonNode spec, String field, int fallback, int min, int max, List<IdvConfig.Problem> problems) {
        JsonNode value = spec.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            problems.add(new IdvConfig.Problem(field, "must be a whole number of seconds from " + min + " to " + max));
            return fallback;
        }
        return value.asInt();
    }
}
