package dev.signet.tagging;

/** An anchor-like text that Signet will not turn into a field, and why, in words for the sender. */
public record AnchorProblem(int pageNumber, String text, String reason) {

    @Override
    public String toString() {
        return "page " + pageNumber + ": " + text + " — " + reason;
    }
}
