package dev.signet.signing;

import java.util.UUID;

/** What the recipient side announces; the workflow moves the recipient's process on each. */
public final class SigningEvents {

    private SigningEvents() {}

    /** A recipient's expired link was made valid again (extend-tokens), or replaced at their request. */
    public record LinkRenewed(UUID envelopeId, UUID recipientId) {}

    /** The recipient entered the right one-time password: the process moves on to Sign. */
    public record OtpPassed(UUID envelopeId, UUID recipientId) {}

    /** The recipient shared their Yoti-verified email and it was theirs: the process leaves "Share with Yoti". */
    public record YotiSharePassed(UUID envelopeId, UUID recipientId) {}

    /** The recipient came back from their identity verification session: its result is to be fetched. */
    public record IdvSessionFinished(UUID envelopeId, UUID recipientId) {}
}
