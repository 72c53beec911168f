package dev.signet.envelope;

import java.util.UUID;

/**
 * What the envelope domain announces, inside the transaction that made it happen. The workflow
 * listens and moves the processes; the domain never knows it is orchestrated.
 */
public final class EnvelopeEvents {

    private EnvelopeEvents() {}

    public record EnvelopeCreated(UUID envelopeId, int reminderDays) {}

    public record ArchiveRequested(UUID envelopeId) {}

    /** A recipient's values and signature are recorded; their process moves on to apply the signature. */
    public record RecipientSubmitted(UUID envelopeId, UUID recipientId) {}

    /** A signer declined; the envelope is already DECLINED. */
    public record DeclineRecorded(UUID envelopeId, UUID recipientId) {}

    public record ReminderRequested(UUID envelopeId, UUID recipientId) {}

    /** A recipient's contact details changed: an unsigned, invited recipient gets a fresh link. */
    public record RecipientContactChanged(UUID envelopeId, UUID recipientId, boolean wasInvited) {}

    /** A signer named the witness who saw them sign; the witness row now has a name and an address. */
    public record WitnessNamed(UUID envelopeId, UUID signerId, UUID witnessId) {}

    /** A signer corrected their witness's details before the witness signed: the witness starts again. */
    public record WitnessCorrected(UUID envelopeId, UUID signerId, UUID witnessId) {}
}
