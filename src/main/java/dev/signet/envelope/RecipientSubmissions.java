package dev.signet.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.document.PdfIntake;
import dev.signet.evidence.CompletionPack;
import dev.signet.tagging.AttachmentValue;
import dev.signet.tagging.FieldRules;
import dev.signet.tagging.Tag;
import dev.signet.tagging.TagType;
import dev.signet.tagging.TagValues;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records what a signer submitted: their values checked against their tags (by tagging's rules),
 * their attachments through PDF intake, the values and the fact that they signed.
 */
@Service
class RecipientSubmissions {

    private final EnvelopeRepository repository;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;
    private final EnvelopeQueries queries;
    private final PdfIntake intake;
    private final ObjectMapper json;

    RecipientSubmissions(
            EnvelopeRepository repository,
            AuditTrail audit,
            ApplicationEventPublisher events,
            EnvelopeQueries queries,
            PdfIntake intake,
            ObjectMapper json) {
        this.repository = repository;
        this.audit = audit;
        this.events = events;
        this.queries = queries;
        this.intake = intake;
        this.json = json;
    }

    /**
     * A signer's submission, from their values as sent to what is recorded: attachments through
     * intake, values through their tags' rules, then, with the envelope locked, the checks that
     * depend on its state and the record itself.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void submit(UUID recipientId, List<TagValues.Submitted> values, String ipAddress, String userAgent) {
        Recipient unlocked = queries.recipient(recipientId).orElseThrow(() -> ApiException.notFound("Link"));
        // Before the envelope row is locked: reading a PDF and matching patterns take time, and no other
        // signer should wait for them. A recipient's tags do not change once the envelope is created.
        List<Tag> ownTags = queries.tags(unlocked.envelopeId()).stream()
                .filter(t -> t.recipientId().equals(unlocked.id()))
                .toList();
        Map<String, AttachmentValue> files = checkedAttachments(ownTags, values);
        Map<UUID, TagValues.PatternVerdict> patterns = TagValues.patternVerdicts(ownTags, values);
        Envelope envelope = lockEnvelope(unlocked.envelopeId());
        Recipient recipient = queries.recipient(unlocked.id()).orElseThrow();
        if (envelope.status() != EnvelopeStatus.ACTIVE) {
            throw ApiException.conflict(
                    "ENVELOPE_NOT_ACTIVE", "This envelope is " + envelope.status() + " and can no longer be signed");
        }
        if (recipient.signed()) {
            throw ApiException.conflict("ALREADY_SIGNED", "You have already signed this envelope");
        }
        List<Tag> allTags = queries.tags(envelope.id());
        List<Tag> own = allTags.stream()
                .filter(t -> t.recipientId().equals(recipient.id()))
                .toList();
        Map<UUID, String> accepted;
        try {
            accepted = TagValues.check(own, values, today(recipient), fieldRules(recipient, allTags), patterns);
        } catch (TagValues.Refused refused) {
            throw ApiException.validation(refused.problems().stream()
                    .map(p -> new FieldError(p.field(), p.message()))
                    .toList());
        }
        List<Envelopes.Attachment> attachments = new ArrayList<>();
        for (Tag tag : own) {
            String value = accepted.get(tag.id());
            if (tag.type() == TagType.ATTACHMENT && value != null) {
                AttachmentValue file =
                        files.containsKey(tag.name()) ? files.get(tag.name()) : AttachmentValue.parse(value);
                attachments.add(new Envelopes.Attachment(tag.id(), file.fileName(), file.content()));
                accepted.put(tag.id(), file.fileName());
            }
        }
        submit(envelope.id(), recipient.id(), accepted, attachments, ipAddress, userAgent);
    }

    /**
     * The signer's attachments, each through the same intake rules as a sender's PDF: a file with
     * JavaScript, launch actions, embedded files or XFA would reach every recipient in the
     * completion pack and its emails, so it is refused while the signer is there to attach a clean
     * one. An accepted file is kept as uploaded (its hash is what the signer gave), so intake judges
     * it in one read and writes no copy. A value that is not a PDF data URL is left to the tag checks.
     */
    private Map<String, AttachmentValue> checkedAttachments(List<Tag> ownTags, List<TagValues.Submitted> values) {
        Map<String, Tag> attachmentTags = new HashMap<>();
        ownTags.stream().filter(t -> t.type() == TagType.ATTACHMENT).forEach(t -> attachmentTags.put(t.name(), t));
        Map<String, AttachmentValue> files = new HashMap<>();
        List<FieldError> refused = new ArrayList<>();
        for (TagValues.Submitted v : values) {
            if (v == null
                    || v.value() == null
                    || v.value().isEmpty()
                    || !attachmentTags.containsKey(v.name())
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
            case "MALICIOUS_PDF" ->
                "is a PDF with active content (JavaScript, launch actions, embedded files or XFA);"
                        + " attach a plain PDF, e.g. printed to PDF again";
            case "PASSWORD_PROTECTED" -> "is password-protected; attach the PDF without a password";
            case "TOO_MANY_PAGES" -> "has more than " + PdfIntake.MAX_PAGES + " pages";
            default -> "could not be read as a PDF";
        };
    }

    private static String today(Recipient recipient) {
        ZoneId zone = recipient.timeZone() == null ? ZoneOffset.UTC : ZoneId.of(recipient.timeZone());
        return LocalDate.now(zone).toString();
    }

    /** The recipient's own rules, then earlier signers' rules on this recipient's tags, decided by their values. */
    FieldRules fieldRules(Recipient recipient, List<Tag> allTags) {
        FieldRules rules = FieldRules.own(readJson(queries.recipientRules(recipient.id())));
        for (Recipient other : queries.recipients(recipient.envelopeId())) {
            FieldRules theirs = other.id().equals(recipient.id())
                    ? FieldRules.NONE
                    : FieldRules.forLaterSigners(readJson(queries.recipientRules(other.id())));
            if (!theirs.rules().isEmpty()) {
                List<Tag> triggers = allTags.stream()
                        .filter(t -> t.recipientId().equals(other.id()))
                        .toList();
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

    /**
     * Locks the envelope, so that submissions to one envelope are applied one after the other,
     * and returns it as it stands.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Envelope lockEnvelope(UUID envelopeId) {
        return repository.lock(envelopeId).orElseThrow(() -> ApiException.notFound("Envelope"));
    }

    /**
     * The signer's submission as one step of the aggregate: attachments kept, values and signature
     * recorded, and the audit event written beside them, so the trail says who signed from where;
     * then the aggregate announces it, as it does a decline.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void submit(
            UUID envelopeId,
            UUID recipientId,
            Map<UUID, String> values,
            List<Envelopes.Attachment> attachments,
            String ipAddress,
            String userAgent) {
        for (Envelopes.Attachment file : attachments) {
            attach(envelopeId, recipientId, file.tagId(), file.fileName(), file.content());
        }
        record(recipientId, values, ipAddress, userAgent);
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("ip_address", ipAddress == null ? "" : ipAddress);
        facts.put("user_agent", userAgent == null ? "" : userAgent);
        facts.put("values", values.size());
        audit.record(envelopeId, "recipient_signed", "recipient:" + recipientId, facts);
        events.publishEvent(new EnvelopeEvents.RecipientSubmitted(envelopeId, recipientId));
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void record(UUID recipientId, Map<UUID, String> values, String ipAddress, String userAgent) {
        if (!repository.markSigned(recipientId, ipAddress, truncate(userAgent, 500))) {
            throw ApiException.conflict("ALREADY_SIGNED", "This recipient has already signed");
        }
        values.forEach(repository::setTagValue);
    }

    /** Keeps a file the signer attached; it goes into the completion pack. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void attach(UUID envelopeId, UUID recipientId, UUID tagId, String fileName, byte[] content) {
        repository.insertFile(
                envelopeId, CompletionPack.ATTACHMENT, recipientId, tagId, fileName, "application/pdf", content);
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }
}
