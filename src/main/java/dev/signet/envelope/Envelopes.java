package dev.signet.envelope;

import dev.signet.account.Caller;
import dev.signet.assurance.IdvConfig;
import dev.signet.document.Document;
import dev.signet.tagging.FieldRules;
import dev.signet.tagging.Tag;
import dev.signet.tagging.TagValues;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * The envelope aggregate's one door: what other modules may read of an envelope and ask it to do.
 * {@code signing} (the recipient's side) and {@code workflow} (the processes) come in here; the
 * aggregate never calls them back, it announces what happened as {@link EnvelopeEvents}. Each
 * method hands over to the class inside that owns the step, in that class's transaction.
 */
@Service
public class Envelopes {

    private final EnvelopeQueries queries;
    private final EnvelopeService commands;
    private final EnvelopeLifecycle lifecycle;
    private final SignatureSteps signatures;
    private final RecipientSubmissions submissions;

    Envelopes(
            EnvelopeQueries queries,
            EnvelopeService commands,
            EnvelopeLifecycle lifecycle,
            SignatureSteps signatures,
            RecipientSubmissions submissions) {
        this.queries = queries;
        this.commands = commands;
        this.lifecycle = lifecycle;
        this.signatures = signatures;
        this.submissions = submissions;
    }

    // Reading

    public Optional<Envelope> envelope(UUID id) {
        return queries.envelope(id);
    }

    /** The envelope if the caller's organisation and mode may see it, else 404. */
    public Envelope visible(Caller caller, UUID id) {
        return commands.get(caller, id);
    }

    public Optional<Recipient> recipient(UUID id) {
        return queries.recipient(id);
    }

    public List<Recipient> recipients(UUID envelopeId) {
        return queries.recipients(envelopeId);
    }

    /** The envelope's {@code has_envelope_otps}: every signer passes a one-time password before viewing. */
    public boolean hasEnvelopeOtps(UUID envelopeId) {
        return queries.hasEnvelopeOtps(envelopeId);
    }

    /** The recipient's conditional rules ({@code recipients[].rules} at create), a JSON array. */
    public String recipientRules(UUID recipientId) {
        return queries.recipientRules(recipientId);
    }

    /** The recipient's {@code verification.idv} (typed), when their auth_type is idv. */
    public Optional<IdvConfig> idvConfig(UUID recipientId) {
        return queries.recipientIdv(recipientId)
                .map(idv -> IdvConfig.parse(
                                idv,
                                java.util.Set.of(idv.path("session_config_name").asText()))
                        .config());
    }

    public List<Document> documents(UUID envelopeId) {
        return queries.documents(envelopeId);
    }

    /** The document as it stands: prepared and signed so far once preparation ran, else the upload. */
    public Optional<byte[]> currentContent(UUID documentId) {
        return queries.currentContent(documentId);
    }

    public List<Tag> tags(UUID envelopeId) {
        return queries.tags(envelopeId);
    }

    /** The sign groups that have signers, in the order they sign. */
    public List<Integer> signGroups(UUID envelopeId) {
        return queries.signGroups(envelopeId);
    }

    /** The ids of the signers of one group, who sign in parallel. */
    public List<UUID> signersOfGroup(UUID envelopeId, int signGroup) {
        return queries.signersOfGroup(envelopeId, signGroup);
    }

    /** The name the envelope's messages go out under: the sender's, else the organisation's. */
    public String senderName(Envelope envelope) {
        return lifecycle.senderName(envelope);
    }

    // The envelope process's steps; each is safe to run twice (see EnvelopeLifecycle, SignatureSteps).

    /** @return false when the envelope was marked ERRORED instead */
    public boolean prepare(UUID envelopeId) {
        return lifecycle.prepare(envelopeId);
    }

    public void activate(UUID envelopeId) {
        lifecycle.activate(envelopeId);
    }

    public void seal(UUID envelopeId) {
        signatures.seal(envelopeId);
    }

    public void complete(UUID envelopeId) {
        lifecycle.complete(envelopeId);
    }

    public void notifyArchived(UUID envelopeId) {
        lifecycle.notifyArchived(envelopeId);
    }

    public void notifyDeclined(UUID envelopeId) {
        lifecycle.notifyDeclined(envelopeId);
    }

    /** Fills the signer's values into each document they see and signs it as them. */
    public void applySignature(UUID recipientId) {
        signatures.applySignature(recipientId);
    }

    // What the recipient's side asks for; these run in the caller's transaction.

    /** Locks the envelope, so that one envelope's recipients act one after the other, and returns it. */
    public Envelope lockEnvelope(UUID envelopeId) {
        return submissions.lockEnvelope(envelopeId);
    }

    /** A file the signer attached to one of their attachment tags. */
    public record Attachment(UUID tagId, String fileName, byte[] content) {}

    /**
     * Records that the recipient signed: their accepted values by tag id, their attachments, and the
     * audit event with where they signed from; announced as {@link EnvelopeEvents.RecipientSubmitted}.
     * Fails with 409 when they had already signed.
     */
    public void recordSubmission(
            UUID envelopeId,
            UUID recipientId,
            Map<UUID, String> values,
            List<Attachment> attachments,
            String ipAddress,
            String userAgent) {
        submissions.submit(envelopeId, recipientId, values, attachments, ipAddress, userAgent);
    }

    /** One tag value a recipient submits, named by the tag's name. */
    public record SubmittedValue(String name, String value) {}

    /**
     * A signer's submission as they sent it: checked against their tags and the envelope's state,
     * then recorded as {@link #recordSubmission} does. Fails with 422 on a value their tags refuse,
     * 409 when the envelope is no longer active or they had already signed.
     */
    public void submit(UUID recipientId, List<SubmittedValue> values, String ipAddress, String userAgent) {
        submissions.submit(
                recipientId,
                values.stream()
                        .map(v -> v == null ? null : new TagValues.Submitted(v.name(), v.value()))
                        .toList(),
                ipAddress,
                userAgent);
    }

    /** The conditional rules acting on the recipient's tags: their own, and earlier signers' as decided. */
    public FieldRules fieldRules(Recipient recipient) {
        return submissions.fieldRules(recipient, queries.tags(recipient.envelopeId()));
    }

    /** A signer declines, with the envelope locked: it becomes DECLINED, final. */
    public void decline(Envelope envelope, Recipient recipient, String reason) {
        lifecycle.decline(envelope, recipient, reason);
    }

    public void markInvitationQueued(UUID recipientId) {
        lifecycle.markInvitationQueued(recipientId);
    }
}
