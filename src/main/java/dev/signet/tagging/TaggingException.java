package dev.signet.tagging;

/**
 * A tag that cannot become a field or a value that cannot go into one. Both are the request's fault,
 * so the web layer answers 422 and shows the message, which names the tag.
 */
public abstract class TaggingException extends RuntimeException {

    private final String tagName;

    TaggingException(String tagName, String message) {
        super(message);
        this.tagName = tagName;
    }

    /** The tag (or radio group) at fault. */
    public String tagName() {
        return tagName;
    }
}
