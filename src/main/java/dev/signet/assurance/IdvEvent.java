package dev.signet.assurance;

import java.util.UUID;

/**
 * Something happened in a recipient's identity verification that the sender may subscribe to: one
 * of the reference's {@code idv_*} webhook events. Published inside the transaction that caused it;
 * the envelope's webhooks carry it to the sender.
 *
 * @param event {@code idv_session_completion}, {@code idv_check_completion} or {@code idv_session_limit_reached}
 * @param state the session's state as the result JSON spells it (ONGOING, COMPLETED) or, for the
 *     limit, the limit reached; never a name
 */
public record IdvEvent(UUID envelopeId, UUID recipientId, String event, String sessionId, String state) {

    public static final String SESSION_COMPLETION = "idv_session_completion";
    public static final String CHECK_COMPLETION = "idv_check_completion";
    public static final String SESSION_LIMIT_REACHED = "idv_session_limit_reached";
}
