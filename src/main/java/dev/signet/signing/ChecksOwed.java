package dev.signet.signing;

import dev.signet.envelope.Envelopes;
import dev.signet.envelope.Recipient;
import dev.signet.web.ApiException;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The recipient API's one gate before documents are shown or signed: while the link's recipient
 * still owes a one-time password, a Yoti share or an identity check before viewing, the call is refused with 403
 * and the code that says which. It reads the checks owed from the recipient row, which the workflow writes in the
 * transactions that take the assurance decision and let the recipient past each check, so the engine is not asked
 * on every call. An unknown or expired link is left to the caller, which answers it as it always has.
 */
@Component
class ChecksOwed {

    private final SigningLinks links;
    private final Envelopes envelopes;

    ChecksOwed(SigningLinks links, Envelopes envelopes) {
        this.links = links;
        this.envelopes = envelopes;
    }

    void refuseWhileOwed(String token) {
        links.find(token)
                .filter(record -> !record.expired())
                .map(SigningLinks.TokenRecord::recipientId)
                .ifPresent(this::refuseWhileOwed);
    }

    private void refuseWhileOwed(UUID recipientId) {
        List<Recipient.Check> owed = envelopes.checksOwed(recipientId);
        if (owed.contains(Recipient.Check.OTP)) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN,
                    "OTP_REQUIRED",
                    "Enter the one-time password we send you before viewing or signing the documents "
                            + "(POST /v2/signing/{token}/otp/send, then /otp/verify)");
        }
        if (owed.contains(Recipient.Check.YOTI_AUTH)) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN,
                    "YOTI_SHARE_REQUIRED",
                    "Share your Yoti-verified email address before viewing or signing the documents "
                            + "(open /sign/{token}/yoti, or POST /v2/signing/{token}/yoti/start)");
        }
        if (owed.contains(Recipient.Check.IDV_BEFORE)) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN,
                    "IDV_REQUIRED",
                    "Verify your identity before viewing or signing the documents (open /sign/{token}/idv)");
        }
    }
}
