package dev.signet.signature;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * What {@link SignatureVerifier} found about a PDF, signature by signature in signing order.
 *
 * @param signatures every signature and document timestamp, oldest first
 * @param problems what is wrong with the document as a whole (nothing signed, the last signature
 *     not covering the whole file, a disallowed change)
 */
public record VerificationReport(List<SignatureReport> signatures, List<String> problems) {

    public VerificationReport {
        signatures = List.copyOf(signatures);
        problems = List.copyOf(problems);
    }

    /** Signed, and every signature valid, and nothing wrong with the document. */
    @JsonProperty("valid")
    public boolean valid() {
        return problems.isEmpty()
                && !signatures.isEmpty()
                && signatures.stream().allMatch(SignatureReport::valid);
    }
}
