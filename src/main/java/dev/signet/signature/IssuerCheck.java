package dev.signet.signature;

import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * "Did this issuer sign this certificate?", with the answers that were yes remembered.
 *
 * <p>Why a memory: sealing, verifying and the LTV check ask it for the same few certificates again
 * and again (the seal, the TSA, the CAs, and every signer certificate once per document), and each
 * answer is a signature verification, which for P-256 on Java 17's SunEC took a fifth of a seal.
 * The answer for a given pair of certificates never changes, so a bounded map of confirmed pairs
 * is exact. Certificates Signet's own CA has just signed are entered when they are issued
 * ({@link #signedHere}), so a seal on the same node verifies none of them again. EC keys are
 * verified with BouncyCastle's provider, which is several times faster than SunEC's.
 */
final class IssuerCheck {

    private static final int CAPACITY = 8192;

    private record Pair(X509Certificate certificate, X509Certificate issuer) {}

    private static final Map<Pair, Boolean> CONFIRMED = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Pair, Boolean> eldest) {
            return size() > CAPACITY;
        }
    };

    private IssuerCheck() {}

    static boolean issuedBy(X509Certificate certificate, X509Certificate issuer) {
        if (!certificate.getIssuerX500Principal().equals(issuer.getSubjectX500Principal())) {
            return false;
        }
        Pair pair = new Pair(certificate, issuer);
        synchronized (CONFIRMED) {
            if (CONFIRMED.containsKey(pair)) {
                return true;
            }
        }
        if (!verifies(certificate, issuer.getPublicKey())) {
            return false;
        }
        synchronized (CONFIRMED) {
            CONFIRMED.put(pair, Boolean.TRUE);
        }
        return true;
    }

    /** Records that {@code issuer}'s key has just signed {@code certificate} in this JVM. */
    static void signedHere(X509Certificate certificate, X509Certificate issuer) {
        synchronized (CONFIRMED) {
            CONFIRMED.put(new Pair(certificate, issuer), Boolean.TRUE);
        }
    }

    private static boolean verifies(X509Certificate certificate, PublicKey key) {
        try {
            if (key instanceof ECPublicKey) {
                certificate.verify(key, EcCrypto.provider());
            } else {
                certificate.verify(key);
            }
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
