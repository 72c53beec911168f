package dev.signet.signature;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.signet.account.Mode;
import java.time.Instant;
import java.util.List;

/**
 * What {@link SignatureVerifier} found about one signature or document timestamp.
 *
 * @param fieldName the signature field
 * @param kind certification, approval (a signer) or document timestamp
 * @param signerName the signing certificate's CN (the TSA's for a document timestamp)
 * @param signerEmail the certificate's rfc822Name, if any
 * @param verifiedBy the checks recorded in a Signet one-time certificate (empty otherwise)
 * @param signingTime from the signature's timestamp when it has one, else the time it claims
 * @param timeFromTimestamp whether {@code signingTime} comes from a verified timestamp
 * @param intact the signed bytes hash to the signed digest and the signature verifies
 * @param coversWholeDocument the signature covers the file up to its last byte
 * @param laterChangesPermitted every revision after this one makes only changes the document's
 *     DocMDP and FieldMDP rules allow (form filling, signatures, validation data, timestamps)
 * @param trustedBy the Signet hierarchy the signer's chain reaches, or {@code null} for none
 * @param level the PAdES baseline level the signature meets (null for a document timestamp)
 * @param problems what is wrong, in words; empty when {@link #valid()}
 */
public record SignatureReport(
        String fieldName,
        Kind kind,
        String signerName,
        String signerEmail,
        List<String> verifiedBy,
        Instant signingTime,
        boolean timeFromTimestamp,
        boolean intact,
        boolean coversWholeDocument,
        boolean laterChangesPermitted,
        Mode trustedBy,
        SignatureLevel level,
        List<String> problems) {

    public enum Kind {
        CERTIFICATION,
        APPROVAL,
        DOCUMENT_TIMESTAMP
    }

    public SignatureReport {
        verifiedBy = List.copyOf(verifiedBy);
        problems = List.copyOf(problems);
    }

    /** Intact, trusted and not changed after in a way its rules forbid. */
    @JsonProperty("valid")
    public boolean valid() {
        return problems.isEmpty();
    }
}
