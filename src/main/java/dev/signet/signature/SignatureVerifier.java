package dev.signet.signature;

public final class SignatureVerifier {
    private final Pki pki;

    public SignatureVerifier(Pki pki) {
        this.pki = pki;
    }
}
