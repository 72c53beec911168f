package dev.signet.assurance;

import dev.signet.account.Mode;
import dev.signet.notification.EnvelopeMessage;
import java.util.Locale;
import java.util.UUID;

/**
 * Who a one-time password is for, as the caller (the signing pages) knows them from the recipient
 * row. Held in memory only: the code's row stores the recipient id, never the address.
 *
 * @param preference the recipient's {@code otp_channel}: SMS, EMAIL, or ANY (SMS when there is a
 *     mobile number and SMS can be delivered, email otherwise; design/api.md)
 * @param senderName who the envelope is from, for the email's sender name; may be null
 */
public record OtpRecipient(
        UUID organisationId,
        Mode mode,
        UUID envelopeId,
        UUID recipientId,
        String name,
        String email,
        String mobileNumber,
        String isoCountryCode,
        String envelopeName,
        String senderName,
        Preference preference,
        Locale locale) {

    public enum Preference {
        ANY,
        SMS,
        EMAIL
    }

    public OtpRecipient {
        preference = preference == null ? Preference.ANY : preference;
        locale = locale == null ? Locale.ENGLISH : locale;
    }

    /** The envelope as notification names it: the code's messages go under the envelope's sender name. */
    EnvelopeMessage.About about() {
        return new EnvelopeMessage.About(organisationId, mode, envelopeId, envelopeName, senderName, null, locale);
    }

    boolean hasMobileNumber() {
        return mobileNumber != null && !mobileNumber.isBlank();
    }
}
