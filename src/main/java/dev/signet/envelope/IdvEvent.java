package dev.signet.envelope;

import java.util.UUID;

/**
 * Something happened in a recipient's identity verification that the sender may subscribe to: one
 * of the reference's {@code idv_*} webhook events. Published inside the transaction that caused it;
 * the envelope's webhooks carry it to the sender.
 *
 * @param event one of the constants below
 * @param state the session's state as the result JSON spells it (ONGOING, COMPLETED), for the
 *     limit the limit reached, for a task its type; null for a resource; never a name
 * @param itemId the resource ({@code idv_resource_update}) or task ({@code idv_task_completion}) the
 *     event is about, by the provider's id, as Yoti IDV's own notifications name them; else null
 */
public record IdvEvent(UUID envelopeId, UUID recipientId, String event, String sessionId, String state, String itemId) {

    public static final String SESSION_COMPLETION = "idv_session_completion";
    public static final String CHECK_COMPLETION = "idv_check_completion";
    public static final String SESSION_LIMIT_REACHED = "idv_session_limit_reached";
    /** A resource of the session was added or changed: the person uploaded a document or a selfie. */
    public static final String RESOURCE_UPDATE = "idv_resource_update";
    /** A task on a resource finished: the text was read from the document. */
    public static final String TASK_COMPLETION = "idv_task_completion";

    public IdvEvent(UUID envelopeId, UUID recipientId, String event, String sessionId, String state) {
        this(envelopeId, recipientId, event, sessionId, state, null);
    }
}
