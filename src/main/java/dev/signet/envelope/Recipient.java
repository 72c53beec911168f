package dev.signet.envelope;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
        List<String> checksPassed,
        UUID signerId) {

    /** How Signet knew it was this signer: they followed the link sent to their address. */
    public static final String EMAIL_LINK = "email-link";

    public Recipient {
        checksPassed = checksPassed == null ? List.of() : List.copyOf(checksPassed);
    }

    /**
     * The checks this signer passed, in order, as their certificate and the evidence name them:
     * {@value #EMAIL_LINK} once they signed or passed a check through their link, then each check
     * of {@link #checksPassed} (e.g. {@code otp-sms}, {@code otp-email}). Empty for a CC.
     */
    public List<String> verifiedBy() {
        if (type == RecipientType.CC || (!signed() && checksPassed.isEmpty())) {
            return List.of();
        }
        List<String> all = new ArrayList<>();
        all.add(EMAIL_LINK);
        all.addAll(checksPassed);
        return List.copyOf(all);
    }

    /** Where a signer stands; the {@code sign_status} column holds these names. A CC stays UNSIGNED. */
    public enum SignStatus {
        UNSIGNED,
        SIGNED,
        DECLINED
    }

    /**
     * A check the recipient passes before their documents may be shown or signed, as their options ask for it
     * ({@code has_envelope_otps}, {@code auth_type} sign-auth, {@code verification.idv} before viewing) and the
     * recipient-assurance decision orders it. The {@code checks_owed} column holds what is still owed, by the
     * names the decision table gives these steps ({@code otp}, {@code yoti_auth}, {@code idv_before}).
     */
    public enum Check {
        OTP,
        YOTI_AUTH,
        IDV_BEFORE;

        String columnValue() {
            return name().toLowerCase(Locale.ROOT);
        }

        static Check ofColumn(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    public boolean signed() {
        return signStatus == SignStatus.SIGNED;
    }

    public boolean wants(String event) {
        return eventNotifications.contains(event);
    }
}
