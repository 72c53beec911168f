package dev.signet.signature;

/** Signing, sealing or reading a signed PDF failed; the input was left untouched and no output written. */
public class SignatureException extends RuntimeException {

    public SignatureException(String message) {
        super(message);
    }

    public SignatureException(String message, Throwable cause) {
        super(message, cause);
    }
}
