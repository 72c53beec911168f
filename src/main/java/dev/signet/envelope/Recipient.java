package dev.signet.envelope;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** A recipient of an envelope. Personal data lives here, never in process variables. */
public record Recipient(
        UUID id,
        UUID envelopeId,
        int position,
        RecipientType type,
        String name,
        String email,
        String role,
        String authType,
        Integer signGroup,
        int activeForSeconds,
        String timeZone,
        Set<String> eventNotifications,
        List<String> excludedFiles,
        String isoCountryCode,
        String mobileNumber,
        String signStatus,
        OffsetDateTime signedAt,
        String ipAddress,
        OffsetDateTime invitationEmailQueuedAt,
        String lastEmailStatus) {

    public static final String UNSIGNED = "UNSIGNED";
    public static final String SIGNED = "SIGNED";

    public boolean signed() {
        return SIGNED.equals(signStatus);
    }

    public boolean wants(String event) {
        return eventNotifications.contains(event);
    }
}
