package dev.signet.signing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.document.Document;
import dev.signet.document.PdfIntake;
import dev.signet.envelope.Envelope;
import dev.signet.envelope.EnvelopeStatus;
import dev.signet.envelope.Envelopes;
import dev.signet.envelope.Recipient;
import dev.signet.tagging.FieldNames;
import dev.signet.tagging.Tag;
import dev.signet.tagging.TagAttributes;
import dev.signet.tagging.TagType;
import dev.signet.tagging.ValidationPattern;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The recipient side of an envelope, reached with a signing token. */
@Service
public class SigningService {

    private final SigningLinks links;
    private final Envelopes envelopes;
    private final ObjectMapper json;
    private final PdfIntake intake;

    SigningService(SigningLinks links, Envelopes envelopes, ObjectMapper json, PdfIntake intake) {
        this.intake = intake;
        this.links = links;
        this.envelopes = envelopes;
        this.json = json;
    }

    /** What one recipient is shown. */
    /** {@code rules}: the conditional rules acting on this recipient's tags (the page applies them too). */
    public record SigningView(EnvelopeJson envelope, RecipientJson recipient, List<DocumentJson> documents,
            List<TagJson> tags, OffsetDateTime linkExpiresAt, List<FieldRules.Rule> rules) {}

    public record EnvelopeJson(UUID id, String name, String status, String senderName, boolean allowDecline) {}

    public record RecipientJson(UUID id, String name, String role, Recipient.SignStatus signStatus, OffsetDateTime signedAt) {}

    public record DocumentJson(UUID id, String name, Integer pageCount) {}

    /**
     * {@code fieldName} and {@code fieldState} find the tag's widget in the document: the field's
     * fully qualified name, and for a radio button its "on" state (null for other types). The page
     * shows the field where that widget is, which is where the PDF has it.
     */
    public record TagJson(String name, String type, UUID documentId, String fileName, int pageNumber, double x,
            double y, Double width, boolean optional, String tagGroupName, TagAttributes attributes, String value,
            String fieldName, String fieldState) {}

    /** A GET: reads only, never changes state (mail scanners open links). */
    @Transactional(readOnly = true)
    public SigningView view(String token) {
        Recipient recipient = recipientFor(token);
        Envelope envelope = envelopes.envelope(recipient.envelopeId()).orElseThrow(() -> ApiException.notFound("Link"));
        List<Document> documents = envelopes.documents(envelope.id()).stream()
                .filter(d -> !recipient.excludedFiles().contains(d.fileName())).toList();
        Map<UUID, String> names = new HashMap<>();
        documents.forEach(d -> names.put(d.id(), d.fileName()));
        List<Tag> allTags = envelopes.tags(envelope.id());
        List<TagJson> tags = allTags.stream()
                .filter(t -> t.recipientId().equals(recipient.id()))
                .map(t -> new TagJson(t.name(), t.type().wireName(), t.documentId(), names.get(t.documentId()),
                        t.pageNumber(), t.x(), t.y(), t.width(), t.optional(), t.tagGroupName(), t.attributes(), t.value(),
                        t.type() == TagType.RADIO_FIELD ? FieldNames.radioGroup(t.recipientId(), t.tagGroupName())
                                : FieldNames.tag(t.recipientId(), t.name()),
                        t.type() == TagType.RADIO_FIELD ? FieldNames.radioState(t.name()) : null))
                .toList();
        return new SigningView(
                new EnvelopeJson(envelope.id(), envelope.name(), envelope.status().name(),
                        envelope.senderName(), envelope.allowDecline()),
                new RecipientJson(recipient.id(), recipient.name(), recipient.role(), recipient.signStatus(),
                        recipient.signedAt()),
                documents.stream().map(d -> new DocumentJson(d.id(), d.fileName(), d.pageCount())).toList(),
                tags, links.expiresAt(recipient.id()).orElse(null), rulesFor(recipient, allTags).rules());
    }

    /**
     * What the signing page at {@code /sign/{token}} shows: {@code state} is sign, signed, expired,
     * archived, completed, declined or unavailable; {@code view} only while the recipient may sign.
     */
    public record Landing(String state, String envelopeName, String senderName, String recipientName, SigningView view) {}

    /** Like {@link #view}, a read only; a link that is unknown or revoked gives empty. */
    @Transactional(readOnly = true)
    public Optional<Landing> landing(String token) {
        Optional<SigningLinks.TokenRecord> record = links.find(token);
        Optional<Recipient> recipient = record.flatMap(r -> envelopes.recipient(r.recipientId()));
        Optional<Envelope> envelope = recipient.flatMap(r -> envelopes.envelope(r.envelopeId()));
        if (envelope.isEmpty()) {
            return Optional.empty();
        }
        Envelope e = envelope.get();
        Recipient r = recipient.get();
        String state = switch (e.status()) {
            case ARCHIVED -> "archived";
            case COMPLETE -> "completed";
            case DECLINED -> "declined";
            case ACTIVE -> r.signed() ? "signed" : record.get().expired() ? "expired" : "sign";
            default -> "unavailable";
        };
        return Optional.of(new Landing(state, e.name(), envelopes.senderName(e), r.name(),
                state.equals("sign") ? view(token) : null));
    }

    /** How many files the link's holder may attach; 0 for a link that is not valid. Sizes the submit body's limit. */
    @Transactional(readOnly = true)
    int attachmentSlots(String token) {
        return links.find(token).flatMap(record -> envelopes.recipient(record.recipientId()))
                .map(r -> (int) envelopes.tags(r.envelopeId()).stream()
                        .filter(t -> t.recipientId().equals(r.id()) && t.type() == TagType.ATTACHMENT).count())
                .orElse(0);
    }

    /** One tag value a recipient submits, named by the tag's name. */
    public record SubmittedValue(String name, String value) {}

    /** Records the recipient's values and signature; the workflow then moves their process on. */
    @Transactional
    public void submit(String token, List<SubmittedValue> values, String ipAddress, String userAgent) {
        Recipient unlocked = recipientFor(token);
        // Before the envelope row is locked: reading a PDF and matching patterns take time, and no other
        // signer should wait for them. A recipient's tags do not change once the envelope is created.
        List<Tag> ownTags = envelopes.tags(unlocked.envelopeId()).stream()
                .filter(t -> t.recipientId().equals(unlocked.id())).toList();
        Map<String, AttachmentValue> files = checkedAttachments(ownTags, values);
        Map<UUID, TagValues.PatternVerdict> patterns = TagValues.patternVerdicts(ownTags, values);
        Envelope envelope = envelopes.lockEnvelope(unlocked.envelopeId());
        Recipient recipient = envelopes.recipient(unlocked.id()).orElseThrow();
        if (envelope.status() != EnvelopeStatus.ACTIVE) {
            throw ApiException.conflict("ENVELOPE_NOT_ACTIVE", "This envelope is " + envelope.status()
                    + " and can no longer be signed");
        }
        if (recipient.signed()) {
            throw ApiException.conflict("ALREADY_SIGNED", "You have already signed this envelope");
        }
        List<Tag> allTags = envelopes.tags(envelope.id());
        List<Tag> own = allTags.stream().filter(t -> t.recipientId().equals(recipient.id())).toList();
        Map<UUID, String> accepted = TagValues.check(own, values, today(recipient), rulesFor(recipient, allTags),
                patterns);
        List<Envelopes.Attachment> attachments = new ArrayList<>();
        for (Tag tag : own) {
            String value = accepted.get(tag.id());
            if (tag.type() == TagType.ATTACHMENT && value != null) {
                AttachmentValue file = files.containsKey(tag.name()) ? files.get(tag.name()) : AttachmentValue.parse(value);
                attachments.add(new Envelopes.Attachment(tag.id(), file.fileName(), file.content()));
                accepted.put(tag.id(), file.fileName());
            }
        }
        envelopes.recordSubmission(envelope.id(), recipient.id(), accepted, attachments, ipAddress, userAgent);
    }

    /**
     * The signer's attachments, each through the same intake rules as a sender's PDF: a file with
     * JavaScript, launch actions, embedded files or XFA would reach every recipient in the
     * completion pack and its emails, so it is refused while the signer is there to attach a clean
     * one. An accepted file is kept as uploaded (its hash is what the signer gave), so intake judges
     * it in one read and writes no copy. A value that is not a PDF data URL is left to the tag checks.
     */
    private Map<String, AttachmentValue> checkedAttachments(List<Tag> ownTags, List<SubmittedValue> values) {
        Map<String, Tag> attachmentTags = new HashMap<>();
        ownTags.stream().filter(t -> t.type() == TagType.ATTACHMENT).forEach(t -> attachmentTags.put(t.name(), t));
        Map<String, AttachmentValue> files = new HashMap<>();
        List<FieldError> refused = new ArrayList<>();
        for (SubmittedValue v : values) {
            if (v == null || v.value() == null || v.value().isEmpty() || !attachmentTags.containsKey(v.name())
                    || files.containsKey(v.name())) {
                continue;
            }
            AttachmentValue file;
            try {
                file = AttachmentValue.parse(v.value());
            } catch (IllegalArgumentException e) {
                continue;
            }
            if (intake.judge(file.content()) instanceof PdfIntake.Rejected rejected) {
                refused.add(new FieldError(v.name(), attachmentProblem(rejected.code())));
            } else {
                files.put(v.name(), file);
            }
        }
        if (!refused.isEmpty()) {
            throw ApiException.validation(refused);
        }
        return files;
    }

    private static String attachmentProblem(String code) {
        return switch (code) {
            case "MALICIOUS_PDF" -> "is a PDF with active content (JavaScript, launch actions, embedded files or XFA);"
                    + " attach a plain PDF, e.g. printed to PDF again";
            case "PASSWORD_PROTECTED" -> "is password-protected; attach the PDF without a password";
            case "TOO_MANY_PAGES" -> "has more than " + PdfIntake.MAX_PAGES + " pages";
            default -> "could not be read as a PDF";
        };
    }

    /**
     * One of this recipient's documents as it stands now (prepared, with the signatures so far), for
     * the signing page's viewer. Files excluded for this recipient are not theirs to see.
     */
    @Transactional(readOnly = true)
    public byte[] document(String token, UUID documentId) {
        Recipient recipient = recipientFor(token);
        Document document = envelopes.documents(recipient.envelopeId()).stream()
                .filter(d -> d.id().equals(documentId) && !recipient.excludedFiles().contains(d.fileName()))
                .findFirst().orElseThrow(() -> ApiException.notFound("Document"));
        return envelopes.currentContent(document.id()).orElseThrow(() -> ApiException.notFound("Document"));
    }

    /** The recipient declines to sign, with a reason; allowed only when the envelope says so. */
    @Transactional
    public void decline(String token, String reason) {
        String trimmed = reason == null ? "" : reason.strip();
        if (trimmed.isEmpty() || trimmed.codePointCount(0, trimmed.length()) > 500) {
            throw ApiException.validation(List.of(new FieldError("reason", "give a reason of 1 to 500 characters")));
        }
        Recipient unlocked = recipientFor(token);
        Envelope envelope = envelopes.lockEnvelope(unlocked.envelopeId());
        if (envelope.status() != EnvelopeStatus.ACTIVE) {
            throw ApiException.conflict("ENVELOPE_NOT_ACTIVE", "This envelope is " + envelope.status()
                    + " and can no longer be declined");
        }
        Recipient recipient = envelopes.recipient(unlocked.id()).orElseThrow();
        envelopes.decline(envelope, recipient, trimmed);
    }

    private static String today(Recipient recipient) {
        ZoneId zone = recipient.timeZone() == null ? ZoneOffset.UTC : ZoneId.of(recipient.timeZone());
        return LocalDate.now(zone).toString();
    }

    private Recipient recipientFor(String token) {
        SigningLinks.TokenRecord record = links.find(token)
                .orElseThrow(() -> new ApiException(HttpStatus.NOT_FOUND, "LINK_NOT_FOUND",
                        "This signing link is not valid; use the newest link you were sent"));
        if (record.expired()) {
            throw new ApiException(HttpStatus.GONE, "LINK_EXPIRED",
                    "This signing link has expired; ask the sender for a new one");
        }
        return envelopes.recipient(record.recipientId()).orElseThrow(() -> ApiException.notFound("Link"));
    }

    /** The recipient's own rules, then earlier signers' rules on this recipient's tags, decided by their values. */
    private FieldRules rulesFor(Recipient recipient, List<Tag> allTags) {
        FieldRules rules = FieldRules.own(readJson(envelopes.recipientRules(recipient.id())));
        for (Recipient other : envelopes.recipients(recipient.envelopeId())) {
            FieldRules theirs = other.id().equals(recipient.id()) ? FieldRules.NONE
                    : FieldRules.forLaterSigners(readJson(envelopes.recipientRules(other.id())));
            if (!theirs.rules().isEmpty()) {
                List<Tag> triggers = allTags.stream().filter(t -> t.recipientId().equals(other.id())).toList();
                Map<String, String> stored = new HashMap<>();
                triggers.forEach(t -> stored.put(t.name(), t.value()));
                rules = rules.plus(theirs.decided(triggers, stored::get));
            }
        }
        return rules;
    }

    private JsonNode readJson(String text) {
        try {
            return json.readTree(text);
        } catch (Exception e) {
            return null;
        }
    }

    /** Checks submitted values against the recipient's tags. */
    static final class TagValues {

        private TagValues() {}

        static Map<UUID, String> check(List<Tag> tags, List<SubmittedValue> values, String today) {
            return check(tags, values, today, FieldRules.NONE);
        }

        /**
         * The rules decide first: a hidden tag's value is dropped and the tag is not required;
         * make_required and make_optional change whether a tag must be filled.
         */
        static Map<UUID, String> check(List<Tag> all, List<SubmittedValue> values, String today, FieldRules rules) {
            return check(all, values, today, rules, Map.of());
        }

        /** Whether a submitted value matched its field's pattern, decided before the envelope row was locked. */
        record PatternVerdict(String value, boolean matches) {}

        /**
         * Runs the senders' patterns on the submitted values. Matching is linear in the value, yet
         * up to 10,000 characters against a large pattern still takes a moment: done before the
         * envelope row is locked, so other signers of the envelope do not wait for it.
         */
        static Map<UUID, PatternVerdict> patternVerdicts(List<Tag> own, List<SubmittedValue> values) {
            Map<String, String> given = new HashMap<>();
            values.stream().filter(v -> v != null && v.name() != null && v.value() != null)
                    .forEach(v -> given.putIfAbsent(v.name(), v.value()));
            Map<UUID, PatternVerdict> verdicts = new HashMap<>();
            for (Tag tag : own) {
                String value = given.get(tag.name());
                TagAttributes.Validation validation = tag.type() == TagType.TEXT_FIELD ? tag.attributes().validation() : null;
                if (value != null && !value.isEmpty() && value.length() <= 10_000 && validation != null
                        && validation.regex() != null) {
                    pattern(validation).ifPresent(p -> verdicts.put(tag.id(), new PatternVerdict(value, p.test(value))));
                }
            }
            return verdicts;
        }

        static Map<UUID, String> check(List<Tag> all, List<SubmittedValue> values, String today, FieldRules rules,
                Map<UUID, PatternVerdict> patterns) {
            Map<String, Tag> byName = new HashMap<>();
            all.forEach(t -> byName.put(t.name(), t));
            Map<String, String> given = new HashMap<>();
            List<FieldError> errors = new ArrayList<>();
            for (int i = 0; i < values.size(); i++) {
                SubmittedValue v = values.get(i);
                if (v == null || v.name() == null || !byName.containsKey(v.name())) {
                    errors.add(new FieldError("tags[" + i + "].name", "is not one of your fields"));
                } else if (given.put(v.name(), v.value()) != null) {
                    errors.add(new FieldError("tags[" + i + "].name", "is given twice"));
                }
            }
            FieldRules.Verdict verdict = rules.apply(all, given);
            List<Tag> tags = all.stream().filter(t -> !verdict.hidden(t)).map(t -> withOptional(t, verdict.optional(t))).toList();
            Map<UUID, String> accepted = new HashMap<>();
            Map<String, Integer> radioChosen = new HashMap<>();
            for (Tag tag : tags) {
                String value = tag.type() == TagType.DATE_SIGNED_FIELD ? today : given.get(tag.name());
                if (value == null && tag.type() == TagType.TEXT_FIELD) {
                    // A read-only field keeps its prefilled value whether or not the signer sends it back.
                    value = readOnlyValue(tag);
                }
                String problem = problem(tag, value, patterns);
                if (problem != null) {
                    errors.add(new FieldError(tag.name(), problem));
                    continue;
                }
                if (tag.type() == TagType.RADIO_FIELD && "true".equals(value)) {
                    radioChosen.merge(tag.tagGroupName(), 1, Integer::sum);
                }
                if (value != null && !value.isEmpty()) {
                    accepted.put(tag.id(), value);
                }
            }
            tags.stream().filter(t -> t.type() == TagType.RADIO_FIELD).map(Tag::tagGroupName).distinct().forEach(group -> {
                int chosen = radioChosen.getOrDefault(group, 0);
                boolean optional = tags.stream().filter(t -> group.equals(t.tagGroupName())).allMatch(Tag::optional);
                if (chosen > 1 || (chosen == 0 && !optional)) {
                    errors.add(new FieldError(group, "choose exactly one option"));
                }
            });
            if (!errors.isEmpty()) {
                throw ApiException.validation(errors);
            }
            return accepted;
        }

        private static Tag withOptional(Tag t, boolean optional) {
            return optional == t.optional() ? t : new Tag(t.id(), t.recipientId(), t.documentId(), t.position(), t.type(),
                    t.name(), t.pageNumber(), t.x(), t.y(), t.width(), optional, t.tagGroupName(), t.attributes(), t.value());
        }

        private static String problem(Tag tag, String value, Map<UUID, PatternVerdict> patterns) {
            boolean empty = value == null || value.isEmpty();
            switch (tag.type()) {
                case CHECKBOX_FIELD:
                    if (!empty && !value.equals("true") && !value.equals("false")) {
                        return "must be true or false";
                    }
                    return !tag.optional() && !"true".equals(value) ? "must be ticked" : null;
                case RADIO_FIELD:
                    return !empty && !value.equals("true") && !value.equals("false") ? "must be true or false" : null;
                case TEXT_FIELD:
                    return textProblem(tag, value, empty, patterns);
                case ATTACHMENT:
                    if (empty) {
                        return tag.optional() ? null : "is required";
                    }
                    try {
                        AttachmentValue.parse(value);
                        return null;
                    } catch (IllegalArgumentException e) {
                        return e.getMessage();
                    }
                default:
                    if (empty) {
                        return tag.optional() ? null : "is required";
                    }
                    return value.length() > 2_000_000 ? "is too large" : null;
            }
        }

        private static String readOnlyValue(Tag tag) {
            return tag.attributes().readOnly() ? tag.attributes().prefilledValue() : null;
        }

        private static String textProblem(Tag tag, String value, boolean empty, Map<UUID, PatternVerdict> patterns) {
            TagAttributes attributes = tag.attributes();
            String prefilled = attributes.prefilledValue() == null ? "" : attributes.prefilledValue();
            if (attributes.readOnly() && !prefilled.equals(value == null ? "" : value)) {
                return "is read-only";
            }
            if (empty) {
                return tag.optional() ? null : "is required";
            }
            if (value.length() > 10_000) {
                return "must be at most 10000 characters";
            }
            TagAttributes.Validation validation = attributes.validation();
            if (validation != null && validation.regex() != null) {
                PatternVerdict known = patterns.get(tag.id());
                boolean matches = known != null && known.value().equals(value) ? known.matches()
                        : pattern(validation).map(p -> p.test(value)).orElse(true);
                if (!matches) {
                    return validation.errorMessage() != null ? validation.errorMessage() : "does not have the expected format";
                }
            }
            return null;
        }

        /**
         * The envelope's pattern, checked when it was created. One stored before patterns were RE2
         * (a backreference, say) cannot be run safely: the field then goes unchecked rather than
         * leaving the envelope unsignable for good.
         */
        private static Optional<ValidationPattern> pattern(TagAttributes.Validation validation) {
            try {
                return Optional.of(ValidationPattern.compile(validation.regex(),
                        validation.flags() == null ? "" : validation.flags()));
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }
}
