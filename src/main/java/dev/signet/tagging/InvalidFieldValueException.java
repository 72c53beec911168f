package dev.signet.tagging;

/** A signer's value that does not fit its field: a non-PNG image, a checkbox that is neither true nor false. */
public final class InvalidFieldValueException extends TaggingException {

    InvalidFieldValueException(String tagName, String message) {
        super(tagName, message);
    }
}
