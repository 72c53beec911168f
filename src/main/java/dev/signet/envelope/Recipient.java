package dev.signet.envelope;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A recipient of an envelope. Personal data lives here, never in process variables.
 *
 * <p>{@code signerId}: for a WITNESS, the signer whose signature they witness (reference 4.3); null otherwise.
 */
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
        SignStatus signStatus,
        OffsetDateTime signedAt,
        String ipAddress,
        OffsetDateTime invitationEmailQueuedAt,
        String lastEmailStatus,
        UUID signerId) {

    /** Where a signer stands; the {@code sign_status} column holds these names. A CC stays UNSIGNED. */
    public enum SignStatus {
        UNSIGNED,
        SIGNED,
        DECLINED
    }

    public boolean signed() {
        return signStatus == SignStatus.SIGNED;
    }

    public boolean wants(String event) {
        return eventNotifications.contains(event);
    }
}
