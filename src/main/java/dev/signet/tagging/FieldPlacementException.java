package dev.signet.tagging;

/** A tag that cannot be placed on its document. */
public final class FieldPlacementException extends TaggingException {

    /** What is wrong; {@code NO_SUCH_PAGE} is the reference's {@code NO_PAGE_FOR_TAG_ERROR}. */
    public enum Reason {
        NO_SUCH_PAGE,
        OUTSIDE_PAGE,
        DUPLICATE_NAME,
        BAD_SPEC
    }

    private final Reason reason;

    FieldPlacementException(Reason reason, String tagName, String message) {
        super(tagName, message);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
