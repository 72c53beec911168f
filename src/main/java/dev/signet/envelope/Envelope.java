package dev.signet.envelope;

import dev.signet.account.Mode;
import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * An envelope's own row: what was asked for and where it stands. {@code embedded}: made through
 * {@code POST /v2/embedded-envelopes}, signed inside the integrator's page.
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
        boolean embedded) {}
