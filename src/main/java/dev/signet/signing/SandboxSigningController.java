package dev.signet.signing;

import dev.signet.account.Caller;
import dev.signet.web.ApiException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /v2/sandbox/envelopes/{id}/recipients/{recipientId}/sign}: signs as that recipient of the
 * caller's sandbox envelope, every required field filled with a sample value, through the signing
 * page's own submission (issue 14, point 6). 204 when signed; the envelope moves on as if the
 * recipient had signed in a browser. Sandbox keys only (403 for a live key; 404 for an envelope or
 * recipient the caller's sandbox does not hold).
 */
@RestController
class SandboxSigningController {

    private final SigningService signing;

    SandboxSigningController(SigningService signing) {
        this.signing = signing;
    }

    @PostMapping("/v2/sandbox/envelopes/{id}/recipients/{recipientId}/sign")
    ResponseEntity<Void> sign(
            Caller caller, @PathVariable UUID id, @PathVariable UUID recipientId, HttpServletRequest request) {
        if (!caller.sandbox()) {
            throw new ApiException(
                    HttpStatus.FORBIDDEN, "SANDBOX_ONLY", "Signing as a recipient is for sandbox keys only");
        }
        signing.signAsRecipientInSandbox(caller.organisationId(), id, recipientId, request.getRemoteAddr());
        return ResponseEntity.noContent().build();
    }
}
