package dev.signet.assurance;

import java.util.List;
import java.util.UUID;

/**
 * Where a signer shares attributes Yoti has verified (always their email address) from the Yoti
 * app: a share session, whose link the app opens from a QR code or as a deep link, and the receipt
 * it ends with. Two stand behind it: the sandbox provider, whose page lets a tester share the
 * recipient's email or another one (sandbox keys, embedded mode), and Yoti's Digital ID share v2
 * (live keys, when configured). A provider that cannot be reached throws {@link Unavailable}; that
 * is no failed share.
 */
interface YotiShareProvider {

    /** "sandbox" or "yoti", as the assurance table's {@code provider} output names it. */
    String name();

    /** Whether this provider can run share sessions in this deployment. */
    boolean configured();

    /** Starts a share session asking for {@code attributes} (Yoti's names, email_address among them). */
    Session create(SessionRequest request);

    /** The session as the provider sees it now; with its receipt read once the person has shared. */
    Result retrieve(String sessionId);

    /**
     * @param attributes what is asked for, as Yoti names the attributes ({@link YotiShareAttributes})
     * @param liveSelfie {@code photo_auth}: the person authenticates with a live selfie in the app
     * @param expectedEmail the recipient's address: only the sandbox provider reads it (to play back a
     *     matching or a different one); Yoti is never told whom to expect
     * @param returnUrl where Yoti sends the person's browser after a share on the same device
     */
    record SessionRequest(
            UUID recipientId, List<String> attributes, boolean liveSelfie, String expectedEmail, String returnUrl) {}

    /** @param shareUri what the Yoti app opens: drawn as the QR code, and the deep link on a phone */
    record Session(String sessionId, String shareUri) {}

    enum State {
        /** Nothing shared yet. */
        WAITING,
        /** Shared: the receipt was read. */
        SHARED,
        /** The session ended without a share (expired, cancelled, or a failure receipt). */
        ENDED
    }

    /**
     * @param receiptId the receipt's id; null unless SHARED
     * @param email the email address shared; null unless SHARED, and then only to be compared
     * @param attributeNames the names of the attributes in the receipt (never their values)
     * @param reason why an ENDED session ended, as the provider names it
     */
    record Result(State state, String receiptId, String email, List<String> attributeNames, String reason) {

        static Result waiting() {
            return new Result(State.WAITING, null, null, List.of(), null);
        }

        static Result ended(String reason) {
            return new Result(State.ENDED, null, null, List.of(), reason);
        }
    }

    /** The provider did not answer (network, 5xx, time-out, a receipt it cannot decrypt): ask again later. */
    class Unavailable extends RuntimeException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
