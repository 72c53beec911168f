package dev.signet.envelope;

import dev.signet.envelope.CreateOptions.RecipientOptions;
import dev.signet.web.ApiException;
import dev.signet.web.FieldError;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.HttpStatus;

/** What the reference offers and this Signet refuses, each named, until it is built. */
final class NotHonoured {

    private NotHonoured() {}

    static final String NO_IDV_PROVIDER = "auth_type idv (identity verification) needs an identity verification "
            + "provider, and this Signet has none for live keys: its operator configures Yoti IDV (signet.yoti.*); "
            + "sandbox keys use the sandbox provider";

    static final String NO_SHARE_PROVIDER = "auth_type sign-auth (Yoti auth) needs Yoti, and this Signet has no Yoti "
            + "application for live keys: its operator configures one (signet.yoti.sdk-id and key-file); sandbox keys "
            + "use the sandbox Yoti share page";

    /**
     * Options of the reference that this Signet does not carry out yet. Accepting them would promise
     * a sender a second factor, an identity check or a witness and then complete the envelope without
     * it; they are refused, each named, until they are built. Checked after the request is otherwise
     * valid, so the answer says only what Signet lacks. {@code has_envelope_otps} is honoured: the
     * recipient process waits at its one-time-password step, and the signing page asks for the code
     * (by SMS, or by email when there is no number that can take one) before it shows a document.
     * Witnesses ({@code recipients[i].witness}) are honoured: see {@code Witnesses} and the witness
     * path of the recipient process.
     */
    static void refuse(CreateOptions o, boolean smsCanLeave) {
        refuse(o, smsCanLeave, false);
    }

    /**
     * @param idvProvider an identity verification provider serves this caller: the sandbox provider
     *     for sandbox keys and in embedded mode, Yoti IDV for live keys when it is configured
     */
    static void refuse(CreateOptions o, boolean smsCanLeave, boolean idvProvider) {
        refuse(o, smsCanLeave, idvProvider, false);
    }

    /**
     * @param shareProvider a Yoti auth provider serves this caller: the sandbox one for sandbox keys
     *     and in embedded mode, Yoti's Digital ID share for live keys when Yoti is configured
     */
    static void refuse(CreateOptions o, boolean smsCanLeave, boolean idvProvider, boolean shareProvider) {
        List<FieldError> assurance = new ArrayList<>();
        List<RecipientOptions> recipients = o.recipients();
        for (int i = 0; i < recipients.size(); i++) {
            RecipientOptions r = recipients.get(i);
            String path = "recipients[" + i + "]";
            String authType = r.authType() == null ? "no-auth" : r.authType();
            if ("sign-auth".equals(authType) && !shareProvider) {
                assurance.add(new FieldError(path + ".auth_type", NO_SHARE_PROVIDER));
            }
            if ("idv".equals(authType) && !idvProvider) {
                assurance.add(new FieldError(path + ".auth_type", NO_IDV_PROVIDER));
            }
            if (r.verification() != null && r.verification().has("age")) {
                assurance.add(new FieldError(path + ".verification.age", "age verification is not available"));
            }
            for (int t = 0; r.tags() != null && t < r.tags().size(); t++) {
                if (r.tags().get(t).mergeField() != null) {
                    assurance.add(new FieldError(
                            path + ".tags[" + t + "].merge_field",
                            "filling a tag from identity verification data is not available yet"));
                }
            }
        }
        if (!assurance.isEmpty()) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "ASSURANCE_NOT_AVAILABLE",
                    "This Signet cannot yet check signers the way this request asks; remove the options named",
                    assurance);
        }
        if (!smsCanLeave) {
            refuseLiveSms(recipients);
        }
    }

    /**
     * Sandbox SMS are kept in the outbox for the integrator to read; a live one leaves through the
     * SMS provider ({@code signet.sms.*}). With no provider configured it would be queued and then
     * fail while the sender believes the signer was texted, so it is refused.
     */
    private static void refuseLiveSms(List<RecipientOptions> recipients) {
        List<FieldError> sms = new ArrayList<>();
        for (int i = 0; i < recipients.size(); i++) {
            for (String event : recipients.get(i).eventNotifications() == null
                    ? List.<String>of()
                    : recipients.get(i).eventNotifications()) {
                if ("signer_invitation_sms".equals(event)) {
                    sms.add(new FieldError(
                            "recipients[" + i + "].event_notifications",
                            "SMS invitations are not available: this Signet has no SMS provider configured"));
                }
            }
        }
        if (!sms.isEmpty()) {
            throw new ApiException(
                    HttpStatus.UNPROCESSABLE_ENTITY,
                    "SMS_NOT_AVAILABLE",
                    "This Signet has no SMS provider configured; remove signer_invitation_sms",
                    sms);
        }
    }
}
