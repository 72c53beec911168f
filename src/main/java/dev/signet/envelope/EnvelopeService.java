package dev.signet.envelope;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.signet.account.Caller;
import dev.signet.account.Secrets;
import dev.signet.document.DocumentStore;
import dev.signet.document.FileType;
import dev.signet.document.Uploads;
import dev.signet.envelope.EnvelopeEvents.ArchiveRequested;
import dev.signet.envelope.EnvelopeEvents.EnvelopeCreated;
import dev.signet.envelope.EnvelopeEvents.RecipientContactChanged;
import dev.signet.envelope.EnvelopeEvents.ReminderRequested;
import dev.signet.envelope.EnvelopeEvents.WitnessCorrected;
import dev.signet.notification.SmsSender;
import dev.signet.notification.webhook.WebhookDestinations;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import dev.signet.web.TextRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.util.function.SingletonSupplier;

/** The sender's commands on envelopes. Each runs in one transaction with the process step it causes. */
@Service
class EnvelopeService {

    static final int MAX_FILES = 20;
    /** The upload error of a tag whose file_name names no uploaded file (beside the reference's NO_PAGE_FOR_TAG_ERROR). */
    static final String NO_FILE_FOR_TAG = "NO_FILE_FOR_TAG_ERROR";

    static final long MAX_TOTAL_BYTES = 20L * 1024 * 1024;

    private final EnvelopeRepository repository;
    private final DocumentStore documents;
    private final ApplicationEventPublisher events;
    private final ObjectMapper json;
    private final IdempotencyStore idempotency;
    private final Uploads uploads;
    private final AuditTrail audit;
    /** Looked up once: asking the bean factory on every create walked all bean definitions each time. */
    private final SingletonSupplier<SmsSender> sms;

    private final WebhookDestinations webhookDestinations;
    private final IdentityProviders identity;
    private final CustomIdvConfigs customIdvConfigs;

    EnvelopeService(
            EnvelopeRepository repository,
            DocumentStore documents,
            ApplicationEventPublisher events,
            ObjectMapper json,
            IdempotencyStore idempotency,
            Uploads uploads,
            AuditTrail audit,
            ObjectProvider<SmsSender> sms,
            WebhookDestinations webhookDestinations,
            IdentityProviders identity,
            CustomIdvConfigs customIdvConfigs) {
        this.customIdvConfigs = customIdvConfigs;
        this.sms = SingletonSupplier.of(sms::getIfAvailable);
        this.webhookDestinations = webhookDestinations;
        this.identity = identity;
        this.documents = documents;
        this.uploads = uploads;
        this.audit = audit;
        this.repository = repository;
        this.events = events;
        this.json = json;
        this.idempotency = idempotency;
    }

    /** Checks files and options without writing anything; every problem becomes an ApiException. */
    public ValidatedRequest validate(Caller caller, List<UploadedFile> files, String optionsJson) {
        return validate(caller, files, optionsJson, false);
    }

    /** The same checks for both create endpoints; {@code embedded} adds the rules of embedded envelopes. */
    public ValidatedRequest validate(Caller caller, List<UploadedFile> files, String optionsJson, boolean embedded) {
        if (optionsJson == null) {
            throw ApiException.badRequest("MALFORMED_REQUEST", "The request is missing the 'options' part");
        }
        JsonNode options;
        try {
            options = json.readTree(optionsJson);
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("MALFORMED_REQUEST", "The 'options' part is not valid JSON");
        }
        checkFiles(files);
        List<FileType> types;
        try {
            types = files.stream()
                    .map(f -> uploads.acceptedType(f.fileName(), f.content()))
                    .toList();
        } catch (Uploads.Refused refused) {
            throw refusal(refused);
        }
        Set<String> names = new LinkedHashSet<>();
        files.forEach(f -> names.add(f.fileName()));
        EnvelopeDraft draft = OptionsParser.parse(
                options,
                names,
                caller.sandbox(),
                smsProvider(),
                webhookDestinations::problem,
                embedded,
                idvServes(caller),
                shareServes(caller),
                name -> idvConfigUsable(caller, name));
        // Each file read once, after the cheap checks: a PDF's one parse checks its limits and measures its pages.
        Map<String, Uploads.Facts> facts = new LinkedHashMap<>();
        for (int i = 0; i < files.size(); i++) {
            UploadedFile file = files.get(i);
            try {
                facts.put(file.fileName(), uploads.read(i, file.fileName(), types.get(i), file.content()));
            } catch (Uploads.Refused refused) {
                throw refusal(refused);
            }
        }
        return new ValidatedRequest(files, facts, draft, requestHash(files, options));
    }

    /** Whether an SMS provider is configured, so live SMS can leave (sandbox SMS stay in the outbox). */
    boolean smsProvider() {
        SmsSender provider = sms.get();
        return provider != null && provider.configured();
    }

    /** Whether an identity verification provider serves the caller's mode, so auth_type idv is honoured. */
    boolean idvServes(Caller caller) {
        return identity.idv(caller.mode());
    }

    /** Whether the caller may name this custom identity verification configuration: its organisation's, in its mode. */
    private boolean idvConfigUsable(Caller caller, String name) {
        return customIdvConfigs.usable(caller.organisationId(), caller.mode(), caller.apiKeyId(), name);
    }

    /** Whether a Yoti share provider serves the caller's mode, so auth_type sign-auth is honoured. */
    boolean shareServes(Caller caller) {
        return identity.share(caller.mode());
    }

    /** The API's answer to a file the upload rules refuse: 415 for its type, 422 naming the file for its content. */
    static ApiException refusal(Uploads.Refused refused) {
        if (refused.type()) {
            return new ApiException(HttpStatus.UNSUPPORTED_MEDIA_TYPE, refused.code(), refused.getMessage());
        }
        return new ApiException(
                HttpStatus.UNPROCESSABLE_ENTITY,
                refused.code(),
                refused.getMessage(),
                List.of(new FieldError(refused.field(), refused.reason())));
    }

    /**
     * A create request that passed every check, what was found in its files (by file name), and the
     * hash that identifies it for idempotency.
     */
    public record ValidatedRequest(
            List<UploadedFile> files, Map<String, Uploads.Facts> facts, EnvelopeDraft draft, String requestHash) {}

    /**
     * Creates the envelope and starts its process in one transaction, recording the answer under the
     * Idempotency-Key (when given) in that same transaction. Returns the 202 body.
     */
    @Transactional
    public String create(Caller caller, ValidatedRequest request, String idempotencyKey) {
        UUID envelopeId = insert(caller, request);
        String body = json.createObjectNode()
                .put("envelope_id", envelopeId.toString())
                .toString();
        if (idempotencyKey != null) {
            idempotency.remember(caller, idempotencyKey, request.requestHash(), HttpStatus.ACCEPTED.value(), body);
        }
        return body;
    }

    /**
     * Creates a standard envelope as {@code POST /v2/envelopes} does, without an Idempotency-Key (the
     * portal's send, a template's send): the same insert, in one transaction with its process start. Returns its id.
     */
    @Transactional
    public UUID create(Caller caller, ValidatedRequest request) {
        if (request.draft().embedded()) {
            throw new IllegalArgumentException("Validated as an embedded envelope");
        }
        return insert(caller, request);
    }

    private void insertTags(
            UUID recipientId, List<EnvelopeDraft.TagDraft> tags, Map<String, UUID> documentIds, ArrayNode unplaced) {
        int tagPosition = 0;
        for (EnvelopeDraft.TagDraft t : tags) {
            UUID documentId = documentIds.get(t.fileName());
            if (documentId == null) {
                unplaced.addObject()
                        .put("file_name", t.fileName())
                        .put("code", NO_FILE_FOR_TAG)
                        .put("tag_name", t.name());
                continue;
            }
            repository.insertTag(recipientId, documentId, tagPosition++, t);
        }
    }

    /**
     * Creates an embedded envelope and starts its process, in the caller's transaction, in which the
     * signing side then makes the signers' tokens. Idempotency-Key is not taken here (see the controller).
     */
    @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
    public UUID createEmbedded(Caller caller, ValidatedRequest request) {
        if (!request.draft().embedded()) {
            throw new IllegalArgumentException("Not validated as an embedded envelope");
        }
        return insert(caller, request);
    }

    private UUID insert(Caller caller, ValidatedRequest request) {
        UUID envelopeId = UUID.randomUUID();
        EnvelopeDraft draft = request.draft();
        repository.insertEnvelope(
                envelopeId,
                caller.organisationId(),
                caller.mode(),
                draft,
                draft.options().toString());
        Map<String, UUID> documentIds = new HashMap<>();
        int position = 0;
        for (UploadedFile file : request.files()) {
            UUID documentId = UUID.randomUUID();
            documentIds.put(file.fileName(), documentId);
            documents.storeUpload(
                    documentId,
                    envelopeId,
                    position++,
                    file.fileName(),
                    request.facts().get(file.fileName()).type(),
                    file.content());
        }
        int recipientPosition = 0;
        ArrayNode unplaced = json.createArrayNode();
        for (EnvelopeDraft.RecipientDraft r : draft.recipients()) {
            UUID recipientId = UUID.randomUUID();
            repository.insertRecipient(recipientId, envelopeId, recipientPosition++, r);
            insertTags(recipientId, r.tags(), documentIds, unplaced);
            if (r.witnessed()) {
                // The witness's row is made now, unnamed, so that their tags become fields of the prepared
                // documents like every signer's; the signer names them after signing (Witnesses).
                UUID witnessId = UUID.randomUUID();
                repository.insertWitness(witnessId, envelopeId, recipientPosition++, recipientId, Witnesses.draft(r));
                insertTags(witnessId, r.witnessTags(), documentIds, unplaced);
            }
        }
        if (!unplaced.isEmpty()) {
            // Kept on the QUEUED envelope (not shown until ERRORED); preparation reports them with its own.
            repository.recordUploadErrors(envelopeId, unplaced.toString());
        }
        audit.record(
                envelopeId,
                "envelope_created",
                "sender",
                Map.of(
                        "documents",
                        request.files().size(),
                        "recipients",
                        draft.recipients().size()));
        events.publishEvent(new EnvelopeCreated(envelopeId, draft.reminderFrequency()));
        return envelopeId;
    }

    private static void checkFiles(List<UploadedFile> files) {
        if (files.isEmpty()) {
            throw ApiException.validation(List.of(new FieldError("file", "at least one file is required")));
        }
        if (files.size() > MAX_FILES) {
            throw ApiException.validation(
                    List.of(new FieldError("file", "at most " + MAX_FILES + " files per envelope")));
        }
        long total = files.stream().mapToLong(f -> f.content().length).sum();
        if (total > MAX_TOTAL_BYTES) {
            throw new ApiException(
                    HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "The files together may not exceed 20 MB");
        }
        List<FieldError> errors = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        for (int i = 0; i < files.size(); i++) {
            UploadedFile file = files.get(i);
            String path = "file[" + i + "]";
            if (file.fileName() == null || file.fileName().isBlank()) {
                errors.add(new FieldError(path, "needs a filename: tags refer to documents by it"));
            } else if (file.fileName().length() > 255) {
                errors.add(new FieldError(path, "filename must be at most 255 characters"));
            } else if (!plainFileName(file.fileName())) {
                // The name becomes a ZIP entry in the completion pack; a path there could escape on unzip.
                errors.add(new FieldError(path, "filename must be a plain name, without / \\ or control characters"));
            } else if (TextRules.problem(file.fileName(), false).isPresent()) {
                errors.add(new FieldError(
                        path,
                        "filename " + TextRules.problem(file.fileName(), false).get()));
            } else if (!seen.add(file.fileName())) {
                errors.add(new FieldError(path, "filename '" + file.fileName() + "' is used twice"));
            }
            if (file.content().length == 0) {
                errors.add(new FieldError(path, "is empty"));
            }
        }
        if (!errors.isEmpty()) {
            throw ApiException.validation(errors);
        }
    }

    private static boolean plainFileName(String name) {
        return name.chars().noneMatch(c -> c == '/' || c == '\\' || Character.isISOControl(c));
    }

    private String requestHash(List<UploadedFile> files, JsonNode options) {
        StringBuilder canonical = new StringBuilder(options.toString());
        for (UploadedFile f : files) {
            canonical
                    .append('\n')
                    .append(f.fileName())
                    .append(':')
                    .append(HexFormat.of().formatHex(Secrets.sha256(f.content())));
        }
        return Secrets.sha256Hex(canonical.toString());
    }

    public Envelope get(Caller caller, UUID id) {
        return repository
                .findVisible(id, caller.organisationId(), caller.mode())
                .orElseThrow(() -> ApiException.notFound("Envelope " + id));
    }

    /** Archive: the envelope is withdrawn for good; the signers who were waiting are told. */
    @Transactional
    public void archive(Caller caller, UUID id) {
        Envelope envelope = lockVisible(caller, id);
        switch (envelope.status()) {
            case ARCHIVED -> throw ApiException.conflict("ALREADY_ARCHIVED", "The envelope is already archived");
            case QUEUED, ACTIVE -> {
                repository.setStatus(id, EnvelopeStatus.ARCHIVED, "archived_at");
                audit.record(id, "envelope_archived", "sender", Map.of());
                events.publishEvent(new ArchiveRequested(id));
            }
            default ->
                throw ApiException.conflict(
                        "ENVELOPE_FINISHED", "A " + envelope.status() + " envelope cannot be archived");
        }
    }

    @Transactional
    public void delete(Caller caller, UUID id) {
        Envelope envelope = lockVisible(caller, id);
        if (!envelope.status().isFinal()) {
            throw ApiException.conflict(
                    "ENVELOPE_IN_PROGRESS", "An envelope in progress cannot be deleted; archive it first");
        }
        repository.markDeleted(id);
        documents.eraseContent(id);
    }

    @Transactional
    public UUID remind(Caller caller, UUID envelopeId, UUID recipientId) {
        Envelope envelope = lockVisible(caller, envelopeId);
        Recipient recipient = recipientOf(envelopeId, recipientId);
        if (envelope.status() != EnvelopeStatus.ACTIVE) {
            throw ApiException.conflict("ENVELOPE_NOT_ACTIVE", "Reminders go out only while the envelope is ACTIVE");
        }
        if (recipient.type() != RecipientType.SIGNER || recipient.signed()) {
            throw ApiException.conflict("NOTHING_TO_REMIND", "This recipient has nothing left to sign");
        }
        if (envelope.embedded()) {
            throw ApiException.conflict(
                    "EMBEDDED_SIGNER_NOT_EMAILED",
                    "An embedded envelope's signers sign inside your page and are not emailed, so there is no reminder to send");
        }
        if (recipient.invitationEmailQueuedAt() == null) {
            throw ApiException.conflict("NOT_YET_INVITED", "This recipient's sign group has not been invited yet");
        }
        events.publishEvent(new ReminderRequested(envelopeId, recipientId));
        return recipientId;
    }

    /** Changes a recipient's contact details; an unsigned, invited recipient gets a fresh link. */
    @Transactional
    public Recipient editRecipient(Caller caller, UUID envelopeId, UUID recipientId, JsonNode body) {
        Envelope envelope = lockVisible(caller, envelopeId);
        Recipient recipient = recipientOf(envelopeId, recipientId);
        RecipientEdit edit = RecipientEdit.parse(body, recipient.type());
        if (envelope.status().isFinal()) {
            throw ApiException.conflict("ENVELOPE_FINISHED", "A " + envelope.status() + " envelope cannot be changed");
        }
        if (recipient.signed()) {
            throw ApiException.conflict("RECIPIENT_SIGNED", "This recipient has already signed");
        }
        if (recipient.type() == RecipientType.WITNESS) {
            return correctWitness(envelopeId, recipient, edit);
        }
        repository.updateContact(recipientId, edit.name(), edit.email(), edit.isoCountryCode(), edit.mobileNumber());
        boolean invited = recipient.invitationEmailQueuedAt() != null;
        events.publishEvent(new RecipientContactChanged(envelopeId, recipientId, invited));
        return repository.recipient(recipientId).orElseThrow();
    }

    /**
     * The sender corrects a witness as the signer can (reference 4.3): the witness's process starts
     * again, so the person now named gets a new link (the old one dies) and must pass their own
     * one-time password; the checks the earlier person passed are forgotten. Only a named witness:
     * the signer names them, the sender never does.
     */
    private Recipient correctWitness(UUID envelopeId, Recipient witness, RecipientEdit edit) {
        if (!repository.witnessNamed(witness.id())) {
            throw ApiException.conflict(
                    "WITNESS_NOT_NAMED", "The signer has not named their witness yet; only the signer names them");
        }
        repository.updateContact(witness.id(), edit.name(), edit.email(), edit.isoCountryCode(), edit.mobileNumber());
        repository.clearChecksPassed(witness.id());
        audit.record(
                envelopeId,
                "witness_corrected",
                "sender",
                Map.of("witness", witness.id().toString()));
        events.publishEvent(new WitnessCorrected(envelopeId, witness.signerId(), witness.id()));
        return repository.recipient(witness.id()).orElseThrow();
    }

    private Envelope lockVisible(Caller caller, UUID id) {
        get(caller, id);
        return repository.lock(id).orElseThrow(() -> ApiException.notFound("Envelope " + id));
    }

    private Recipient recipientOf(UUID envelopeId, UUID recipientId) {
        return repository
                .recipient(recipientId)
                .filter(r -> r.envelopeId().equals(envelopeId))
                .orElseThrow(() -> ApiException.notFound("Recipient " + recipientId));
    }
}
