package dev.signet.signature;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * A private key Signet may sign with, without ever holding it: a PKCS#12 entry, an HSM slot or a
 * remote signing service all fit behind this interface (as a DSS {@code SignatureTokenConnection}
 * would). Everything Signet signs — PDF signatures, timestamps, certificates, CRLs — goes through
 * {@link #sign}.
 */
public interface SigningKey {

    /** This key's certificate first, then its issuers up to and including the root. */
    List<X509Certificate> chain();

    default X509Certificate certificate() {
        return chain().get(0);
    }

    /**
     * The JCA name of the algorithm {@link #sign} applies, e.g. {@code SHA256withECDSA}. Always
     * SHA-256 based: the digest PAdES baseline, RFC 3161 and our CRLs share.
     */
    String signatureAlgorithm();

    /**
     * Hashes {@code data} and signs the hash. ECDSA signatures come back DER-encoded, as JCA and
     * CMS expect them.
     */
    byte[] sign(byte[] data) throws GeneralSecurityException;

    /**
     * The key itself when it lives in this JVM, for the few APIs that want a JCA key (XML-DSig of
     * the evidence file); empty for keys held in an HSM or a remote service.
     */
    default Optional<PrivateKey> jcaPrivateKey() {
        return Optional.empty();
    }
}
