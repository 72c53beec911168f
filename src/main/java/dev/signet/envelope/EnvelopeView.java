package dev.signet.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.document.Document;
import dev.signet.tagging.Tag;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The JSON shapes of the sender API, as the reference prints them (§5). */
final class EnvelopeView {

    private EnvelopeView() {}

    record EnvelopeJson(
            UUID envelopeId,
            String status,
            String envelopeName,
            Map<String, String> platform,
            boolean markedForDeletion,
            OffsetDateTime createdAt,
            Details details) {}

    record Details(
            List<RecipientJson> recipients,
            OffsetDateTime completedAt,
            OffsetDateTime archivedAt,
            List<FileJson> files,
            JsonNode errors) {}

    record FileJson(UUID id, String name) {}

    record RecipientJson(
            UUID id,
            String type,
            Recipient.SignStatus signStatus,
            String name,
            String email,
            String authType,
            String role,
            OffsetDateTime signedAt,
            OffsetDateTime invitationEmailQueuedAt,
            Integer signGroupOrder,
            String ipAddress,
            String lastEmailStatus,
            List<String> verifiedBy,
            List<TagJson> tags) {}

    record TagJson(String name, String type, String tagGroupName, boolean wasOptional, String value) {}

    record FoundJson(UUID envelopeId, String envelope, String status, OffsetDateTime createdAt) {}

    static EnvelopeJson of(
            Envelope e, List<Recipient> recipients, List<Document> documents, List<Tag> tags, ObjectMapper json) {
        Details details = null;
        if (e.status() != EnvelopeStatus.QUEUED) {
            details = new Details(
                    recipients.stream().map(r -> withChecks(r, tags)).toList(),
                    e.completedAt(),
                    e.archivedAt(),
                    documents.stream()
                            .map(d -> new FileJson(d.id(), d.fileName()))
                            .toList(),
                    errors(e, json));
        }
        return new EnvelopeJson(
                e.id(), e.status().name(), e.name(), Map.of("type", "API"), false, e.createdAt(), details);
    }

    /**
     * The recipient of GET envelope, with Signet's {@code verified_by}: the checks the signer passed,
     * in order, in the API's spelling ({@code email_link}, {@code otp_sms}, {@code otp_email}); not in
     * the reference, so only here and not in the webhooks' documented bodies. Empty until the signer
     * signs or passes a check; absent for a CC.
     */
    static RecipientJson withChecks(Recipient r, List<Tag> tags) {
        RecipientJson plain = recipient(r, tags, null);
        if (r.type() == RecipientType.CC) {
            return plain;
        }
        return recipient(
                r, tags, r.verifiedBy().stream().map(c -> c.replace('-', '_')).toList());
    }

    static RecipientJson recipient(Recipient r, List<Tag> tags) {
        return recipient(r, tags, null);
    }

    /** A tag outside any group has {@code tag_group_name} "" (present, empty), as the reference shows it. */
    private static RecipientJson recipient(Recipient r, List<Tag> tags, List<String> verifiedBy) {
        List<TagJson> own = tags.stream()
                .filter(t -> t.recipientId().equals(r.id()))
                .map(t -> new TagJson(
                        t.name(),
                        t.type().wireName(),
                        t.tagGroupName() == null ? "" : t.tagGroupName(),
                        t.optional(),
                        t.value()))
                .toList();
        return new RecipientJson(
                r.id(),
                r.type().name(),
                r.type() == RecipientType.CC ? null : r.signStatus(),
                r.name(),
                r.email(),
                r.type() == RecipientType.CC ? null : r.authType(),
                r.role(),
                r.signedAt(),
                r.invitationEmailQueuedAt(),
                r.signGroup(),
                r.ipAddress(),
                r.lastEmailStatus(),
                verifiedBy,
                r.type() == RecipientType.CC ? null : own);
    }

    static FoundJson found(Envelope e) {
        return new FoundJson(e.id(), e.name(), e.status().name(), e.createdAt());
    }

    private static JsonNode errors(Envelope e, ObjectMapper json) {
        if (e.errorsJson() == null) {
            return null;
        }
        try {
            return json.readTree(e.errorsJson());
        } catch (Exception ex) {
            return null;
        }
    }
}
