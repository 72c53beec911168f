package dev.signet.signature;

import dev.signet.account.Mode;
import java.util.Objects;

/**
 * What {@link PadesSigning#certify} needs.
 *
 * @param mode the hierarchy whose seal key certifies
 * @param fieldName an existing empty signature field to certify in, or {@code null} for a new
 *     invisible field {@value PadesSigning#CERTIFICATION_FIELD}
 * @param reason shown by viewers as the signature's reason; {@code null} for none
 */
public record SealRequest(Mode mode, String fieldName, String reason) {

    public SealRequest {
        Objects.requireNonNull(mode, "mode");
    }

    public static SealRequest invisible(Mode mode) {
        return new SealRequest(mode, null, "Certified by Signet: only form filling and signing may follow");
    }
}
