package dev.signet.envelope;

/** An envelope's life: QUEUED → ACTIVE → COMPLETE, or ERRORED, ARCHIVED or DECLINED, all final. */
public enum EnvelopeStatus {
    QUEUED,
    ACTIVE,
    COMPLETE,
    ERRORED,
    ARCHIVED,
    DECLINED;

    public boolean isFinal() {
        return this != QUEUED && this != ACTIVE;
    }

    /** The /status endpoint spells completion COMPLETED, as the reference does. */
    public String statusEndpointName() {
        return this == COMPLETE ? "COMPLETED" : name();
    }
}
