package dev.signet.envelope;

import dev.signet.account.Caller;
import dev.signet.document.FileType;
import dev.signet.document.PdfIntake;
import dev.signet.document.Uploads;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import dev.signet.web.TextRules;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Sign offline (reference §1.11): the sender uploads the copy a signer signed on paper. The upload
 * is judged by the same intake as any document; a request that cannot be taken is refused at once
 * with nothing written, while a file that arrives but cannot be used (corrupt, password-protected,
 * with JavaScript) is answered QUEUED, as the reference answers, and reported through the
 * {@code sign_offline_upload_errors} webhook with the recipient left as they were. An accepted file
 * joins the completion pack, the recipient is SIGNED, and their process moves on as after a
 * submission; no electronic signature is made in their name (see {@link SignatureSteps}).
 */
@Service
class OfflineSigning {

    /** The kind of the paper-signed copy among the envelope's files; it goes into the completion pack. */
    static final String SIGNED_OFFLINE = "SIGNED_OFFLINE";
    /** Where the paper-signed copies sit in the completion pack. */
    static final String PACK_FOLDER = "signed-offline/";
    /** The reference's ceiling; the multipart ceiling of this Signet (spring.servlet.multipart) is lower. */
    static final long MAX_BYTES = 75L * 1024 * 1024;

    private final EnvelopeService envelopes;
    private final EnvelopeRepository repository;
    private final Uploads uploads;
    private final PdfIntake intake;
    private final AuditTrail audit;
    private final ApplicationEventPublisher events;

    OfflineSigning(
            EnvelopeService envelopes,
            EnvelopeRepository repository,
            Uploads uploads,
            PdfIntake intake,
            AuditTrail audit,
            ApplicationEventPublisher events) {
        this.envelopes = envelopes;
        this.repository = repository;
        this.uploads = uploads;
        this.intake = intake;
        this.audit = audit;
        this.events = events;
    }

    /** What became of an upload that was taken: the answer is QUEUED either way. */
    enum Outcome {
        SIGNED,
        ERRORED
    }

    @Transactional
    public Outcome upload(Caller caller, UUID envelopeId, UUID recipientId, String fileName, byte[] content) {
        envelopes.get(caller, envelopeId);
        Envelope envelope =
                repository.lock(envelopeId).orElseThrow(() -> ApiException.notFound("Envelope " + envelopeId));
        Recipient recipient = repository
                .recipient(recipientId)
                .filter(r -> r.envelopeId().equals(envelopeId))
                .orElseThrow(() -> ApiException.notFound("Recipient " + recipientId));
        if (content == null) {
            throw ApiException.badRequest(
                    "MALFORMED_REQUEST", "The request needs one part, 'file', with the signed PDF");
        }
        if (content.length > MAX_BYTES) {
            throw new ApiException(HttpStatus.PAYLOAD_TOO_LARGE, "PAYLOAD_TOO_LARGE", "The file may not exceed 75 MB");
        }
        checkState(envelope, recipient);
        checkTurn(envelope, recipient);
        String name = checkedName(fileName, content);
        FileType type;
        try {
            type = uploads.acceptedType(name, content);
        } catch (Uploads.Refused refused) {
            throw EnvelopeService.refusal(refused);
        }
        if (type != FileType.PDF) {
            throw new ApiException(
                    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
                    "UNSUPPORTED_FILE_TYPE",
                    "'" + name + "' is a Word document; a signed copy is uploaded as a PDF");
        }
        Optional<String> problem = problem(content);
        if (problem.isPresent()) {
            audit.record(
                    envelopeId,
                    "sign_offline_upload_failed",
                    "sender",
                    Map.of("recipient_id", recipientId.toString(), "code", problem.get()));
            events.publishEvent(
                    new EnvelopeWebhooks.SignOfflineUploadErrors(envelope, recipientId, name, problem.get()));
            return Outcome.ERRORED;
        }
        repository.insertFile(
                envelopeId, SIGNED_OFFLINE, recipientId, null, PACK_FOLDER + name, "application/pdf", content);
        if (!repository.markSigned(recipientId, null, null)) {
            throw ApiException.conflict("RECIPIENT_SIGNED", "This recipient has already signed");
        }
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("file_name", name);
        facts.put("sha256", DocumentSigning.sha256(content));
        facts.put("bytes", content.length);
        audit.record(envelopeId, "recipient_signed_offline", "recipient:" + recipientId, facts);
        events.publishEvent(new EnvelopeEvents.RecipientSubmitted(envelopeId, recipientId));
        return Outcome.SIGNED;
    }

    /**
     * Only a signer whose turn it is, on an ACTIVE envelope, may sign offline; as in the reference,
     * not one whose identity is checked (sign-auth, idv) or who must give a one-time password.
     */
    private static void checkState(Envelope envelope, Recipient recipient) {
        if (envelope.status() != EnvelopeStatus.ACTIVE) {
            throw ApiException.conflict(
                    "ENVELOPE_NOT_ACTIVE", "A signed copy is taken only while the envelope is ACTIVE");
        }
        if (recipient.type() != RecipientType.SIGNER || recipient.signStatus() != Recipient.SignStatus.UNSIGNED) {
            throw ApiException.conflict("NOTHING_TO_SIGN", "This recipient has nothing left to sign");
        }
        if (recipient.authType() != null && !recipient.authType().equals("no-auth")) {
            throw ApiException.validation(List.of(new FieldError(
                    "recipient",
                    "signs with " + recipient.authType() + ", which cannot be combined with offline signing")));
        }
    }

    /**
     * The signer's turn came: invited by email, or, an embedded envelope's signer who is never
     * emailed, their held link released. A signer who owes a one-time password is refused (the
     * reference: OTP cannot be combined with offline signing). A witnessed signer is refused: Signet records a witness
     * only as a recipient who signs electronically, and a paper copy would end the signer's part
     * with no witness at all, so the option asked for would silently go unhonoured.
     */
    private void checkTurn(Envelope envelope, Recipient recipient) {
        boolean reached = envelope.embedded()
                ? repository.turnReached(recipient.id())
                : recipient.invitationEmailQueuedAt() != null;
        if (!reached) {
            throw ApiException.conflict("NOT_YET_INVITED", "This recipient's sign group has not been invited yet");
        }
        if (repository.witnessOf(recipient.id()).isPresent()) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "WITNESS_NOT_OFFLINE",
                    "This signer's options ask for a witness, who signs electronically; a witnessed signer cannot sign offline",
                    List.of(new FieldError(
                            "recipient", "has a witness, which cannot be combined with offline signing")));
        }
        if (repository.hasEnvelopeOtps(envelope.id())) {
            // Reference 1.11: OTP cannot be combined with offline signing. A paper copy proves no code was
            // entered, so taking it would record a signature the envelope's has_envelope_otps did not allow.
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "OTP_NOT_OFFLINE",
                    "This envelope asks every signer for a one-time password (has_envelope_otps); its signers cannot"
                            + " sign offline",
                    List.of(new FieldError(
                            "recipient",
                            "must enter a one-time password, which cannot be combined with offline signing")));
        }
    }

    private static String checkedName(String fileName, byte[] content) {
        String problem = null;
        if (content.length == 0) {
            problem = "is empty";
        } else if (fileName == null || fileName.isBlank()) {
            problem = "needs a filename";
        } else if (fileName.length() > 200) {
            problem = "filename must be at most 200 characters";
        } else if (fileName.chars().anyMatch(c -> c == '/' || c == '\\' || Character.isISOControl(c))) {
            problem = "filename must be a plain name, without / \\ or control characters";
        } else if (TextRules.problem(fileName, false).isPresent()) {
            problem = "filename " + TextRules.problem(fileName, false).get();
        }
        if (problem != null) {
            throw ApiException.validation(List.of(new FieldError("file", problem)));
        }
        return fileName;
    }

    /**
     * The intake's verdict, the rules a signer's attachment meets (one read, the file kept as given):
     * encrypted, active content, too many pages, corrupt or over Signet's limits.
     */
    private Optional<String> problem(byte[] content) {
        return intake.judge(content) instanceof PdfIntake.Rejected rejected
                ? Optional.of(rejected.code())
                : Optional.empty();
    }
}
