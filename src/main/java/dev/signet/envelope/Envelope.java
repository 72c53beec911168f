package dev.signet.envelope;

import dev.signet.account.Mode;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * An envelope's own row: what was asked for and where it stands.
 *
 * @param webhooks its own {@code notifications} option, read with the row so that a step deciding
 *     whether anyone listens for its event needs no read of its own
 *
 * @param embedded made through {@code POST /v2/embedded-envelopes}, signed inside the integrator's page
 */
public record Envelope(
        UUID id,
        UUID organisationId,
        Mode mode,
        String name,
        EnvelopeStatus status,
        int reminderFrequency,
        boolean notifySender,
        String invitationMessage,
        String replyTo,
        String senderName,
        String errorsJson,
        OffsetDateTime createdAt,
        OffsetDateTime activatedAt,
        OffsetDateTime completedAt,
        OffsetDateTime archivedAt,
        boolean allowDecline,
        WebhookTarget webhooks,
        boolean embedded) {

    /**
     * Where the envelope's webhook events go.
     *
     * @param destination its own {@code notifications.destination}, or null for the organisation's endpoints
     * @param subscriptions the events it subscribed to there (empty without a destination)
     */
    public record WebhookTarget(String destination, List<String> subscriptions) {
        public WebhookTarget {
            subscriptions = List.copyOf(subscriptions);
        }
    }
}
