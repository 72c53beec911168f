package dev.signet.notification;

import dev.signet.account.Mode;
import java.time.OffsetDateTime;
import java.util.Locale;
import java.util.UUID;

/**
 * A message Signet sends about an envelope, as the facts it needs and nothing rendered:
 * {@link Notifications} composes it (wording in {@code templates/mail} and the message bundle) and
 * queues it.
 */
public sealed interface EnvelopeMessage {

    /** The envelope the message is about and the name it is sent under, the same for all its messages. */
    record About(
            UUID organisationId,
            Mode mode,
            UUID envelopeId,
            String envelopeName,
            String senderName,
            String replyTo,
            Locale locale) {}

    /**
     * The person an email goes to; {@code recipientId} ties delivery results back to their row and is
     * null for the sender's own organisation.
     */
    record To(UUID recipientId, String address, String name) {}

    About about();

    /** A signer's link to sign, valid until {@code expiresAt}, with the sender's message when there is one. */
    record Invitation(About about, To to, String message, String link, OffsetDateTime expiresAt)
            implements EnvelopeMessage {}

    /** The same link as text, to the signer's mobile number. */
    record InvitationSms(About about, UUID recipientId, String mobileNumber, String link) implements EnvelopeMessage {}

    /** A signer who has not signed yet is reminded, with a new link that ends when their current one does. */
    record Reminder(About about, To to, String link, OffsetDateTime expiresAt) implements EnvelopeMessage {}

    /**
     * Everyone signed: to a recipient who asked to hear it. The completion pack goes with it.
     *
     * @param packAttached whether the pack will be attached when it is sent (evidence's answer, asked by the
     *     sender of the message: the email says truthfully what it carries, and composing reads no files)
     */
    record Completion(About about, To to, boolean packAttached) implements EnvelopeMessage {}

    /** Everyone signed: to the sender's organisation. The completion pack goes with it (see {@link Completion}). */
    record CompletionToSender(About about, To to, boolean packAttached) implements EnvelopeMessage {}

    /** The sender withdrew the envelope: to each signer who was invited and has not signed. */
    record Archived(About about, To to) implements EnvelopeMessage {}

    /** A signer declined, and why: to the other invited signers and the sender's organisation. */
    record Declined(About about, To to, String declinerName, String reason) implements EnvelopeMessage {}

    /** A one-time password by email, valid for {@code minutes}. */
    record OtpEmail(About about, To to, String code, long minutes) implements EnvelopeMessage {}

    /** A one-time password by SMS to an E.164 number, valid for {@code minutes}. */
    record OtpSms(About about, UUID recipientId, String e164, String code, long minutes) implements EnvelopeMessage {}

    /** A witness's link to sign as the witness of {@code signerName}, valid until {@code expiresAt} (reference 4.3). */
    record WitnessInvitation(About about, To to, String signerName, String link, OffsetDateTime expiresAt)
            implements EnvelopeMessage {}

    /** To a signer who named their witness: who it is, and a link to correct them until they have signed. */
    record WitnessNamed(
            About about, To to, String witnessName, String witnessEmail, String link, OffsetDateTime expiresAt)
            implements EnvelopeMessage {}
}
