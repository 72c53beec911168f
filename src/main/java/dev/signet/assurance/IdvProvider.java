package dev.signet.assurance;

import dev.signet.envelope.IdvConfig;
import java.util.List;
import java.util.UUID;

/**
 * An identity verification service: it runs a session in which a person shows an identity document
 * (and their face), and answers with what it found. Signet has two: the sandbox provider, whose page
 * lets a tester choose the outcome (sandbox keys, embedded mode), and Yoti IDV (live keys, when
 * configured). A provider that cannot be reached throws {@link Unavailable}; that is no failed check.
 */
public interface IdvProvider {

    /** "sandbox" or "yoti", as the assurance table's {@code provider} output names it. */
    String name();

    /** Whether this provider can run sessions in this deployment. */
    boolean configured();

    /** Starts a session; the person is sent to {@link Session#userUrl()}. */
    Session create(SessionRequest request);

    /** The session as the provider sees it now. */
    Result retrieve(String sessionId);

    /**
     * One media item of a session (an image of the document, the fields read from it as JSON, a
     * selfie), as the provider keeps it; empty when it has no such item.
     */
    java.util.Optional<Media> media(String sessionId, String mediaId);

    /** @param contentType as the provider gives it: JSON for read fields, an image type for pictures */
    record Media(String contentType, byte[] content) {}

    /**
     * @param expectedName the recipient's name: only the sandbox provider reads it (to play back a
     *     matching or a different name); a real provider is never told whom to expect
     * @param returnUrl where the provider sends the person when they finish
     * @param spec what the session asks for: the prebuilt configuration's or the organisation's custom one
     */
    record SessionRequest(
            UUID recipientId, IdvConfig config, String expectedName, String returnUrl, IdvSessionSpec spec) {}

    record Session(String sessionId, String userUrl) {}

    /** What a session has come to. */
    enum State {
        /** The person has not finished, or the provider is still checking. */
        ONGOING,
        /** Every check passed. */
        APPROVED,
        /** A check on the document (authenticity, face match, liveness) did not pass. */
        REJECTED
    }

    /**
     * @param verifiedName the full name read from the document; null unless APPROVED, and null then
     *     too when the session reads no document (Liveness Only)
     * @param failedChecks the provider's names of the checks that did not pass
     * @param json the provider's session object, kept as the session result
     */
    record Result(State state, String verifiedName, List<String> failedChecks, String json) {}

    /** The provider did not answer (network, 5xx, time-out): ask again later. */
    class Unavailable extends RuntimeException {
        public Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
