package dev.signet.template;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.envelope.Envelopes;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.springframework.http.HttpStatus;

/**
 * A template as one self-contained JSON file, to move it between organisations or Signets:
 * {@code {"format": "signet-template", "version": 1, "options": {…}, "documents": [{"file_name",
 * "size", "sha256", "content_base64"}]}}. Reading one is bounded before anything is decoded: the
 * body's bytes (by the route), each string's length and the nesting (by the parser), the number
 * and total size of the documents (the envelope's limits); each document must match its size and
 * SHA-256, so a changed or damaged file is refused rather than sent.
 */
final class TemplateFile {

    static final String FORMAT = "signet-template";
    static final int VERSION = 1;

    /** The options of a template are a request's options: they fit in the 1 MB of any JSON body. */
    static final int MAX_OPTIONS_BYTES = 1024 * 1024;

    /** The longest base64 the envelope's total allows: 20 MB of documents. */
    static final int MAX_BASE64_CHARS = (int) ((Envelopes.MAX_TOTAL_BYTES + 2) / 3 * 4);

    /** All documents at their largest, the options and room for the keys around them. */
    static final long MAX_FILE_BYTES = MAX_BASE64_CHARS + MAX_OPTIONS_BYTES + 64 * 1024L;

    private static final Set<String> FIELDS = Set.of("format", "version", "options", "documents");
    private static final Set<String> DOCUMENT_FIELDS = Set.of("file_name", "size", "sha256", "content_base64");

    /** Strings up to one base64 document, nesting no deeper than any request's options go. */
    private static final ObjectMapper READER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength(MAX_BASE64_CHARS + 16)
                            .maxNestingDepth(64)
                            .maxNumberLength(50)
                            .build())
                    .build())
            .build();

    private TemplateFile() {}

    /** What an import brings: the template's options and its documents, checked against their digests. */
    record Read(JsonNode options, List<Envelopes.Upload> documents) {}

    static ObjectNode write(ObjectMapper json, JsonNode options, List<TemplateRepository.StoredDocument> documents) {
        ObjectNode root = json.createObjectNode().put("format", FORMAT).put("version", VERSION);
        root.set("options", options);
        ArrayNode list = root.putArray("documents");
        for (TemplateRepository.StoredDocument d : documents) {
            list.addObject()
                    .put("file_name", d.fileName())
                    .put("size", d.size())
                    .put("sha256", d.sha256())
                    .put("content_base64", Base64.getEncoder().encodeToString(d.content()));
        }
        return root;
    }

    /**
     * @throws ApiException 400 when the body is not JSON within the limits, 413 when the documents are
     *     too large together, 422 for a version this Signet does not read, a document that does not
     *     match its SHA-256, or any other problem of the file's shape
     */
    static Read read(byte[] body) {
        JsonNode root;
        try {
            root = READER.readTree(body);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest(
                    "MALFORMED_REQUEST", "The body is not a template export: JSON within the size limits");
        } catch (IOException e) {
            throw ApiException.badRequest("MALFORMED_REQUEST", "The body could not be read");
        }
        if (root == null || !root.isObject()) {
            throw ApiException.validation(List.of(new FieldError("", "must be a template export, a JSON object")));
        }
        List<FieldError> problems = new ArrayList<>();
        root.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                problems.add(new FieldError(field, "is not part of a template export"));
            }
        });
        if (!FORMAT.equals(root.path("format").asText(null))) {
            problems.add(new FieldError("format", "must be \"" + FORMAT + "\""));
        }
        JsonNode version = root.path("version");
        if (!version.isIntegralNumber() || version.asLong() != VERSION) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "UNSUPPORTED_TEMPLATE_VERSION",
                    "This Signet reads template exports of version " + VERSION,
                    List.of(new FieldError("version", "must be " + VERSION)));
        }
        JsonNode options = root.path("options");
        if (!options.isObject()) {
            problems.add(new FieldError("options", "must be a JSON object"));
        } else if (options.toString().length() > MAX_OPTIONS_BYTES) {
            problems.add(new FieldError("options", "must be at most 1 MB"));
        }
        List<Envelopes.Upload> documents = documents(root.path("documents"), problems);
        if (!problems.isEmpty()) {
            throw ApiException.validation(problems);
        }
        return new Read(options, documents);
    }

    private static List<Envelopes.Upload> documents(JsonNode list, List<FieldError> problems) {
        if (!list.isArray() || list.isEmpty()) {
            problems.add(new FieldError("documents", "must be an array of at least one document"));
            return List.of();
        }
        if (list.size() > Envelopes.MAX_FILES) {
            problems.add(new FieldError("documents", "at most " + Envelopes.MAX_FILES + " documents"));
            return List.of();
        }
        long declared = 0;
        for (int i = 0; i < list.size(); i++) {
            declared += Math.max(0, list.get(i).path("size").asLong(0));
        }
        if (declared > Envelopes.MAX_TOTAL_BYTES) {
            throw new ApiException(
                    HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "The files together may not exceed 20 MB");
        }
        List<Envelopes.Upload> documents = new ArrayList<>();
        List<FieldError> mismatches = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            Envelopes.Upload document = document(list.get(i), "documents[" + i + "]", problems, mismatches);
            if (document != null) {
                documents.add(document);
            }
        }
        if (problems.isEmpty() && !mismatches.isEmpty()) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "TEMPLATE_HASH_MISMATCH",
                    "A document does not match its SHA-256: the export was changed or damaged",
                    mismatches);
        }
        return documents;
    }

    private static Envelopes.Upload document(
            JsonNode d, String path, List<FieldError> problems, List<FieldError> mismatches) {
        if (!d.isObject()) {
            problems.add(new FieldError(path, "must be an object"));
            return null;
        }
        int before = problems.size();
        d.fieldNames().forEachRemaining(field -> {
            if (!DOCUMENT_FIELDS.contains(field)) {
                problems.add(new FieldError(path + "." + field, "is not part of a template export's document"));
            }
        });
        if (!d.path("file_name").isTextual()) {
            problems.add(new FieldError(path + ".file_name", "is required"));
        }
        if (!d.path("size").isIntegralNumber()) {
            problems.add(new FieldError(path + ".size", "is required: the document's length in bytes"));
        }
        String sha256 = d.path("sha256").asText("");
        if (!sha256.matches("[0-9a-f]{64}")) {
            problems.add(new FieldError(path + ".sha256", "must be the document's SHA-256 in lower-case hex"));
        }
        byte[] content = null;
        try {
            content = d.path("content_base64").isTextual()
                    ? Base64.getDecoder().decode(d.get("content_base64").asText())
                    : null;
        } catch (IllegalArgumentException e) {
            // reported below
        }
        if (content == null) {
            problems.add(new FieldError(path + ".content_base64", "is required: the document in base64"));
        }
        if (problems.size() > before) {
            return null;
        }
        if (content.length != d.get("size").asLong()) {
            problems.add(new FieldError(path + ".size", "does not match the content (" + content.length + " bytes)"));
            return null;
        }
        if (!HexFormat.of().formatHex(sha256(content)).equals(sha256)) {
            mismatches.add(new FieldError(path + ".sha256", "does not match the document's content"));
        }
        return new Envelopes.Upload(d.get("file_name").asText(), content);
    }

    static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
