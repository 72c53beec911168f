package dev.signet.signature;

/**
 * No timestamp could be had. Signing stops here rather than fall back to the server clock: a
 * B-T signature without a trusted time is worth less than a retry (the caller's job retries).
 */
public class TimestampException extends SignatureException {

    public TimestampException(String message) {
        super(message);
    }

    public TimestampException(String message, Throwable cause) {
        super(message, cause);
    }
}
