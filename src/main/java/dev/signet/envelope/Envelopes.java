package dev.signet.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import dev.signet.account.Branding;
import dev.signet.account.Caller;
import dev.signet.document.Document;
import dev.signet.tagging.FieldRules;
import dev.signet.tagging.Tag;
import dev.signet.tagging.TagValues;
import java.time.OffsetDateTime;
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
    private final Witnesses witnesses;
    private final EnvelopeListing listing;
    private final DocumentPreviews previews;
    private final CompletionPackResends resends;

    Envelopes(
            EnvelopeQueries queries,
            EnvelopeService commands,
            EnvelopeLifecycle lifecycle,
            SignatureSteps signatures,
            RecipientSubmissions submissions,
            Witnesses witnesses,
            EnvelopeListing listing,
            DocumentPreviews previews,
            CompletionPackResends resends) {
        this.previews = previews;
        this.resends = resends;
        this.witnesses = witnesses;
        this.queries = queries;
        this.commands = commands;
        this.lifecycle = lifecycle;
        this.signatures = signatures;
        this.submissions = submissions;
        this.listing = listing;
    }

    // Reading

    public Optional<Envelope> envelope(UUID id) {
        return queries.envelope(id);
    }

    /** The envelope if the caller's organisation and mode may see it, else 404. */
    public Envelope visible(Caller caller, UUID id) {
        return commands.get(caller, id);
    }

    /** One envelope of a listing: what it is, where it stands and how many of its signers have signed. */
    public record Listed(
            UUID id, String name, EnvelopeStatus status, java.time.OffsetDateTime createdAt, int signers, int signed) {}

    /** A page of a listing, and the cursor of the next page (null on the last). */
    public record ListPage(List<Listed> items, String next) {}

    /**
     * The organisation's envelopes in one mode, newest first, {@code limit} (at most 100) at a time,
     * optionally of one status; {@code after} is the previous page's {@link ListPage#next()}.
     */
    public ListPage list(
            UUID organisationId,
            dev.signet.account.Mode mode,
            Optional<EnvelopeStatus> status,
            Optional<String> after,
            int limit) {
        return listing.page(organisationId, mode, ListFilter.status(status), after, limit);
    }

    /**
     * What a listing shows: one status or any; envelopes created from {@code from} (inclusive) to
     * {@code to} (exclusive), each open when null; and those whose title, or a recipient's name or
     * email, contains {@code text} (case-insensitive; null or blank for any).
     */
    public record ListFilter(Optional<EnvelopeStatus> status, OffsetDateTime from, OffsetDateTime to, String text) {

        /** The shortest text searched: a shorter one could use no index and would read every envelope. */
        public static final int MIN_TEXT = 3;

        public static final int MAX_TEXT = 100;

        public static ListFilter status(Optional<EnvelopeStatus> status) {
            return new ListFilter(status, null, null, null);
        }
    }

    /**
     * The organisation's envelopes in one mode as {@link #list} gives them, narrowed by a
     * {@link ListFilter}; paged by keyset all the same. A text shorter than
     * {@link ListFilter#MIN_TEXT} or longer than {@link ListFilter#MAX_TEXT} is refused
     * (IllegalArgumentException): the caller says so to the person.
     */
    public ListPage list(
            UUID organisationId, dev.signet.account.Mode mode, ListFilter filter, Optional<String> after, int limit) {
        return listing.page(organisationId, mode, filter, after, limit);
    }

    /** The envelope if it belongs to the organisation (in either mode) and is not deleted. */
    public Optional<Envelope> ofOrganisation(UUID organisationId, UUID id) {
        return queries.envelope(id).filter(e -> e.organisationId().equals(organisationId));
    }

    // The sender's actions, one implementation for the API and the portal: each checks that the caller's
    // organisation and mode may see the envelope (404 otherwise) and answers a refusal as an ApiException.

    /** Archives the envelope (PATCH /v2/envelopes/{id}). */
    public void archive(Caller caller, UUID id) {
        commands.archive(caller, id);
    }

    /** Deletes a finished envelope (DELETE /v2/envelopes/{id}). */
    public void delete(Caller caller, UUID id) {
        commands.delete(caller, id);
    }

    /** Reminds a signer who is waiting (POST …/recipients/{recipientId}/send-reminder). */
    public void remind(Caller caller, UUID envelopeId, UUID recipientId) {
        commands.remind(caller, envelopeId, recipientId);
    }

    /** Changes a recipient's contact details (PATCH …/recipients/{recipientId}), a JSON body as the API takes. */
    public Recipient editRecipient(Caller caller, UUID envelopeId, UUID recipientId, JsonNode body) {
        return commands.editRecipient(caller, envelopeId, recipientId, body);
    }

    /** The completion email again, with its pack, to one recipient (PATCH …/resend-completion-pack). */
    public void resendCompletionPack(Caller caller, UUID envelopeId, UUID recipientId) {
        resends.resend(caller, envelopeId, recipientId);
    }

    /** The completion pack as a zip (GET …/completed-documents); 409 until the envelope is COMPLETE. */
    public byte[] completedDocuments(Caller caller, UUID id) {
        Envelope envelope = commands.get(caller, id);
        if (envelope.status() != EnvelopeStatus.COMPLETE) {
            throw dev.signet.web.ApiException.conflict(
                    "ENVELOPE_NOT_COMPLETE", "The documents are ready once everyone has signed");
        }
        return lifecycle.completionPackZip(id);
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

    /** The recipient's {@code yoti_attributes} (auth_type sign-auth): what they share from the Yoti app besides their email. */
    public List<String> yotiAttributes(UUID recipientId) {
        return queries.recipientYotiAttributes(recipientId);
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

    /**
     * A signing link went out by email: written to the envelope's trail (the envelope's, not the
     * recipient side's, to write), and for an invitation the recipient is marked invited.
     *
     * @param invitation true for an invitation, false for a reminder
     */
    public void linkSent(Recipient recipient, boolean invitation, OffsetDateTime expiresAt) {
        lifecycle.linkSent(recipient, invitation, expiresAt);
    }

    /**
     * The checks the recipient owes before their documents may be shown, in the order the recipient-assurance
     * decision gave them; empty when nothing is owed or the envelope is no longer ACTIVE (its recipient processes
     * ended with it). Kept on the recipient row by {@link #oweChecks} and {@link #checkSettled}, so asking costs
     * one row read and no engine query.
     */
    public List<Recipient.Check> checksOwed(UUID recipientId) {
        return queries.checksOwed(recipientId);
    }

    /**
     * What the assurance decision asked of the recipient before viewing, written in the decision's own
     * transaction; replaces an earlier decision (a corrected witness is decided again).
     */
    public void oweChecks(UUID recipientId, List<Recipient.Check> checks) {
        lifecycle.oweChecks(recipientId, checks);
    }

    /** The recipient no longer owes {@code check}, in the transaction in which their process lets them past it. */
    public void checkSettled(UUID recipientId, Recipient.Check check) {
        lifecycle.checkSettled(recipientId, check);
    }

    /**
     * Records that the recipient passed an identity check (e.g. {@code otp-sms}), in the caller's
     * transaction: it becomes part of their certificate, the evidence and {@code verified_by}.
     */
    public void checkPassed(UUID recipientId, String check) {
        lifecycle.checkPassed(recipientId, check);
    }

    // Witnesses (reference 4.3)

    /**
     * The witness a signer's options ask for: their WITNESS row, which has no name or address
     * ({@code named} false) until the signer names them after signing.
     */
    public record Witness(Recipient recipient, boolean named) {}

    /** The signer's witness, or empty when their options ask for none. */
    public Optional<Witness> witnessOf(UUID signerId) {
        return witnesses.of(signerId);
    }

    /**
     * The signer, who has signed, names their witness or corrects them until the witness signed: a
     * JSON body of {@code name}, {@code email} and optionally {@code iso_country_code} with
     * {@code mobile_number}. 422 on invalid details, 409 when it is too early or too late. Runs in
     * the caller's transaction; returns the witness's row as it now is.
     */
    public Recipient nameWitness(UUID signerId, JsonNode details) {
        return witnesses.name(signerId, details);
    }

    /** The witness confirmed they saw the signer sign; recorded with their submission. */
    public void confirmWitnessPresence(Recipient witness) {
        witnesses.confirmPresence(witness);
    }

    /** The completion pack of a complete envelope as a zip, for a link whose signer may have it. */
    public byte[] completionPackZip(UUID envelopeId) {
        return lifecycle.completionPackZip(envelopeId);
    }

    /** At most this many files per envelope, and this many bytes together (413 beyond). */
    public static final int MAX_FILES = EnvelopeService.MAX_FILES;

    public static final long MAX_TOTAL_BYTES = EnvelopeService.MAX_TOTAL_BYTES;

    /** One uploaded file, named by its multipart filename (tags refer to it by that name). */
    public record Upload(String fileName, byte[] content) {}

    // Standard envelopes from another door than the API (the portal's send): the same rules as POST /v2/envelopes.

    /** A create request that passed every check of {@link #validate}. */
    public static final class Request {
        private final EnvelopeService.ValidatedRequest request;

        private Request(EnvelopeService.ValidatedRequest request) {
            this.request = request;
        }
    }

    /**
     * Checks a create request exactly as {@code POST /v2/envelopes} checks one (files, options, what
     * this Signet does not honour) and writes nothing; every problem is an {@code ApiException} with
     * the API's error body (422 naming each field, 415 for a file type, 413 for size).
     */
    public Request validate(Caller caller, List<Upload> files, String optionsJson) {
        return new Request(commands.validate(caller, uploaded(files), optionsJson));
    }

    private static List<UploadedFile> uploaded(List<Upload> files) {
        return files.stream()
                .map(f -> new UploadedFile(f.fileName(), f.content()))
                .toList();
    }

    /** Creates the envelope and starts its process in one transaction, as the API does; returns its id. */
    public UUID create(Caller caller, Request request) {
        return commands.create(caller, request.request);
    }

    /**
     * What this Signet honours for the caller beyond the options every caller may use: options
     * outside it are refused at create (422), for the same reasons.
     *
     * @param idv {@code auth_type idv}: an identity verification provider serves the caller's mode
     * @param idvConfigurations the session configurations a recipient's {@code verification.idv} may name
     * @param smsInvitations {@code signer_invitation_sms}: sandbox, or an SMS provider is configured
     * @param yotiAuth {@code auth_type sign-auth}: a Yoti share provider serves the caller's mode
     */
    public record Honoured(boolean idv, List<String> idvConfigurations, boolean smsInvitations, boolean yotiAuth) {}

    public Honoured honoured(Caller caller) {
        return new Honoured(
                commands.idvServes(caller),
                IdvConfig.PREBUILT,
                caller.sandbox() || commands.smsProvider(),
                commands.shareServes(caller));
    }

    /**
     * The document as a PDF for a sender to look at before sending: a PDF as it is, a Word document
     * converted as preparation converts it. Refused like an upload of the create request (415, 413),
     * 422 {@code WORD_DOC_CONV_ERROR} when it cannot be converted, 429 while the node converts others.
     */
    public byte[] previewPdf(Upload file) {
        return previews.pdf(file.fileName(), file.content());
    }

    // Embedded envelopes (POST /v2/embedded-envelopes, reference §4.7): the same rules as any create.

    /** An embedded create request that passed every check of {@link #validateEmbedded}. */
    public static final class EmbeddedRequest {
        private final EnvelopeService.ValidatedRequest request;

        private EmbeddedRequest(EnvelopeService.ValidatedRequest request) {
            this.request = request;
        }
    }

    /**
     * Checks an embedded create request exactly as {@code POST /v2/envelopes} checks one (files,
     * options, what Signet does not honour), plus the embedded rules; writes nothing.
     */
    public EmbeddedRequest validateEmbedded(Caller caller, List<Upload> files, String optionsJson) {
        return new EmbeddedRequest(commands.validate(caller, uploaded(files), optionsJson, true));
    }

    /** Creates the envelope and starts its process in the caller's transaction; returns its id. */
    public UUID createEmbedded(Caller caller, EmbeddedRequest request) {
        return commands.createEmbedded(caller, request.request);
    }

    /**
     * What the signing pages take from the create request: where an embedded signer's host page goes
     * next ({@code parent_redirect_urls}, each null when not given) and the envelope's own branding.
     */
    public record PageOptions(String successUrl, String failureUrl, String declineUrl, Branding branding) {}

    public PageOptions pageOptions(UUID envelopeId) {
        JsonNode options = queries.options(envelopeId);
        JsonNode urls = options.path("parent_redirect_urls");
        return new PageOptions(
                urls.hasNonNull("success") ? urls.get("success").asText() : null,
                urls.hasNonNull("failure") ? urls.get("failure").asText() : null,
                urls.hasNonNull("decline") ? urls.get("decline").asText() : null,
                Branding.of(options.get("branding")));
    }

    /**
     * An embedded signer's turn came: the token the integrator holds works from now until
     * {@code expiresAt}; recorded in the audit trail as the invitation is for everyone else.
     */
    public void embeddedLinkReleased(Recipient recipient, OffsetDateTime expiresAt) {
        lifecycle.embeddedLinkReleased(recipient, expiresAt);
    }
}
