package dev.signet.signature;

import java.util.List;
import java.util.Objects;

/**
 * Who a one-time certificate is issued to, and how Signet made sure of it.
 *
 * @param name the signer's name as the sender gave it; becomes the certificate's CN
 * @param email the address the signing link went to; becomes the rfc822Name subjectAltName
 * @param verifiedBy the checks the signer passed, in order, e.g. {@code email-link}, {@code otp},
 *     {@code idv}; recorded in the certificate (see {@link SignerCertificates#ASSURANCE_OID})
 */
public record SignerIdentity(String name, String email, List<String> verifiedBy) {

    public SignerIdentity {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(email, "email");
        if (name.isBlank()) {
            throw new IllegalArgumentException("A signer needs a name");
        }
        verifiedBy = List.copyOf(verifiedBy);
    }
}
