package dev.signet.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.signet.SignetProperties;
import dev.signet.account.Caller;
import dev.signet.envelope.Envelopes;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * The templates module's one door (a Signet extension; the Yoti API has none): documents, roles and
 * envelope options saved once and sent again and again, each time with the people for the roles.
 * Every template is of one organisation and mode. What a template may hold is what an envelope
 * create may: it is checked by {@link Envelopes#validate} when saved, imported and sent, so
 * a template that could never be sent is refused at save with the envelope's own answers.
 */
@Service
public class Templates {

    /** How many templates one organisation keeps per mode. */
    public static final int MAX_TEMPLATES = 500;

    /** One recipient of a template: a role, a SIGNER (with its sign group) or a CC. */
    public record Role(String role, String type, Integer signGroup) {}

    public record Document(String fileName, long size, String sha256) {}

    /** A template as listed and shown: never its documents' content. */
    public record Template(
            UUID templateId,
            String name,
            OffsetDateTime createdAt,
            List<Role> roles,
            List<Document> documents,
            JsonNode options) {}

    /** The {@code POST /v2/envelopes} request a template makes, with a placeholder for each person. */
    public record ApiRequest(String method, String url, List<String> files, JsonNode options, String curl) {}

    private final TemplateRepository repository;
    private final Envelopes envelopes;
    private final ObjectMapper json;
    private final SignetProperties properties;

    Templates(TemplateRepository repository, Envelopes envelopes, ObjectMapper json, SignetProperties properties) {
        this.repository = repository;
        this.envelopes = envelopes;
        this.json = json;
        this.properties = properties;
    }

    /** Saves documents and options ({@code POST /v2/templates}); the options as an envelope create's, with roles. */
    public Template save(Caller caller, List<Envelopes.Upload> files, String optionsJson) {
        if (optionsJson == null) {
            throw ApiException.badRequest("MALFORMED_REQUEST", "The request is missing the 'options' part");
        }
        JsonNode options;
        try {
            options = json.readTree(optionsJson);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("MALFORMED_REQUEST", "The 'options' part is not valid JSON");
        }
        return store(caller, files, options);
    }

    /** Saves a template from a file {@link #export} wrote, here or in another Signet or organisation. */
    public Template importFile(Caller caller, byte[] file) {
        TemplateFile.Read read = TemplateFile.read(file);
        return store(caller, read.documents(), read.options());
    }

    private Template store(Caller caller, List<Envelopes.Upload> files, JsonNode options) {
        check(caller, files, options);
        if (repository.count(caller) >= MAX_TEMPLATES) {
            throw ApiException.conflict(
                    "TOO_MANY_TEMPLATES",
                    "The organisation keeps at most " + MAX_TEMPLATES + " templates per mode: delete one first");
        }
        UUID id = UUID.randomUUID();
        List<TemplateRepository.StoredDocument> documents = files.stream()
                .map(f -> new TemplateRepository.StoredDocument(
                        f.fileName(),
                        f.content().length,
                        HexFormat.of().formatHex(TemplateFile.sha256(f.content())),
                        f.content()))
                .toList();
        repository.insert(caller, id, options.path("name").asText(), options.toString(), documents);
        return get(caller, id);
    }

    /**
     * The template's own rules (a role for each recipient, no person) and the envelope's, on the
     * options with a stand-in person for each role; every problem reported at once.
     */
    private void check(Caller caller, List<Envelopes.Upload> files, JsonNode options) {
        List<FieldError> own = options.isObject() ? TemplateOptions.problems(options) : List.of();
        JsonNode probe = options.isObject() ? TemplateOptions.withStandIns((ObjectNode) options) : options;
        try {
            envelopes.validate(caller, files, probe.toString());
        } catch (ApiException e) {
            if (own.isEmpty() || e.status() != HttpStatus.UNPROCESSABLE_ENTITY) {
                throw e;
            }
            List<FieldError> all = new ArrayList<>(own);
            if ("VALIDATION_FAILED".equals(e.code())) {
                all.addAll(e.errors());
            }
            throw ApiException.validation(all);
        }
        if (!own.isEmpty()) {
            throw ApiException.validation(own);
        }
    }

    /** The caller's templates, newest first. */
    public List<Template> list(Caller caller) {
        Map<UUID, List<Document>> documents = new LinkedHashMap<>();
        repository
                .documentFacts(caller)
                .forEach(d -> documents
                        .computeIfAbsent(d.templateId(), k -> new ArrayList<>())
                        .add(new Document(d.fileName(), d.size(), d.sha256())));
        return repository.list(caller, MAX_TEMPLATES).stream()
                .map(row -> view(row, documents.getOrDefault(row.id(), List.of())))
                .toList();
    }

    /** The template if the caller's organisation and mode hold it, else 404. */
    public Template get(Caller caller, UUID id) {
        TemplateRepository.Row row = row(caller, id);
        return view(
                row,
                repository.documentFacts(id).stream()
                        .map(d -> new Document(d.fileName(), d.size(), d.sha256()))
                        .toList());
    }

    public void delete(Caller caller, UUID id) {
        if (!repository.delete(caller, id)) {
            throw notFound(id);
        }
    }

    /** The template as one JSON file ({@link TemplateFile}), which {@link #importFile} takes back. */
    public byte[] export(Caller caller, UUID id) {
        TemplateRepository.Row row = row(caller, id);
        try {
            return json.writeValueAsBytes(TemplateFile.write(json, options(row), repository.documents(id)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Sends an envelope from the template: {@code body} gives a person for each role and may replace
     * top-level options ({@link SendRequest}). Checked and created exactly as {@code POST
     * /v2/envelopes} does; returns the new envelope's id.
     */
    public UUID send(Caller caller, UUID id, JsonNode body) {
        TemplateRepository.Row row = row(caller, id);
        SendRequest request = SendRequest.parse(body, options(row));
        List<Envelopes.Upload> files = uploads(id);
        Envelopes.Request validated;
        try {
            validated =
                    envelopes.validate(caller, files, request.envelopeOptions().toString());
        } catch (ApiException e) {
            throw request.asRequested(e);
        }
        return envelopes.create(caller, validated);
    }

    /** The {@code POST /v2/envelopes} request that sends what the template sends, as curl would make it. */
    public ApiRequest apiRequest(Caller caller, UUID id) {
        TemplateRepository.Row row = row(caller, id);
        ObjectNode options = TemplateOptions.withPlaceholders((ObjectNode) options(row));
        List<String> files = repository.documentFacts(id).stream()
                .map(TemplateRepository.DocumentFacts::fileName)
                .toList();
        String url = properties.publicUrl() + "/v2/envelopes";
        StringBuilder curl = new StringBuilder("curl -X POST ")
                .append(quoted(url))
                .append(" \\\n  -H \"Authorization: Bearer $SIGNET_API_KEY\"");
        for (String file : files) {
            // curl reads a double-quoted name after @ literally, so a ; or , in it is not taken for a type.
            String name = "\"" + file.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
            curl.append(" \\\n  -F ").append(quoted("file=@" + name));
        }
        curl.append(" \\\n  -F ").append(quoted("options=" + options + ";type=application/json"));
        return new ApiRequest("POST", url, files, options, curl.toString());
    }

    /** A shell word in single quotes, each ' in it written '\''. */
    private static String quoted(String text) {
        return "'" + text.replace("'", "'\\''") + "'";
    }

    private List<Envelopes.Upload> uploads(UUID id) {
        return repository.documents(id).stream()
                .map(d -> new Envelopes.Upload(d.fileName(), d.content()))
                .toList();
    }

    private TemplateRepository.Row row(Caller caller, UUID id) {
        return repository.find(caller, id).orElseThrow(() -> notFound(id));
    }

    private static ApiException notFound(UUID id) {
        return ApiException.notFound("Template " + id);
    }

    private JsonNode options(TemplateRepository.Row row) {
        try {
            return json.readTree(row.optionsJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored template options are not JSON", e);
        }
    }

    private Template view(TemplateRepository.Row row, List<Document> documents) {
        JsonNode options = options(row);
        List<Role> roles = TemplateOptions.roles(options).stream()
                .map(r -> new Role(r.name(), r.cc() ? "CC" : "SIGNER", r.signGroup()))
                .toList();
        return new Template(row.id(), row.name(), row.createdAt(), roles, documents, options);
    }
}
