package dev.signet.signing;

import dev.signet.web.ApiException;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The recipient API's one gate before documents are shown or signed: while the link's recipient
 * still owes a one-time password, a Yoti share or an identity check before viewing, the call is refused with 403
 * and the code that says which. One token lookup for both checks; an unknown or expired link is left
 * to the caller, which answers it as it always has.
 */
@Component
class ChecksOwed {

    private final SigningLinks links;
    private final OtpGate otp;
    private final IdvGate idv;
    private final ShareGate share;

    ChecksOwed(SigningLinks links, OtpGate otp, IdvGate idv, ShareGate share) {
        this.links = links;
        this.otp = otp;
        this.idv = idv;
        this.share = share;
    }

    void refuseWhileOwed(String token) {
        links.find(token)
                .filter(record -> !record.expired())
                .map(SigningLinks.TokenRecord::recipientId)
                .ifPresent(this::refuseWhileOwed);
    }

    private void refuseWhileOwed(UUID recipientId) {
        if (otp.pending(recipientId)) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN,
                    "OTP_REQUIRED",
                    "Enter the one-time password we send you before viewing or signing the documents "
                            + "(POST /v2/signing/{token}/otp/send, then /otp/verify)");
        }
        if (share.pending(recipientId)) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN,
                    "YOTI_SHARE_REQUIRED",
                    "Share your Yoti-verified email address before viewing or signing the documents "
                            + "(open /sign/{token}/yoti, or POST /v2/signing/{token}/yoti/start)");
        }
        if (idv.pendingBeforeViewing(recipientId)) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN,
                    "IDV_REQUIRED",
                    "Verify your identity before viewing or signing the documents (open /sign/{token}/idv)");
        }
    }
}
