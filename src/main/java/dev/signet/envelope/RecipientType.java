package dev.signet.envelope;

public enum RecipientType {
    SIGNER,
    CC,
    WITNESS
}
