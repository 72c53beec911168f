package dev.signet.signature;

import dev.signet.account.Mode;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Which Signet root, if any, a certificate chains to. A chain counts only if every link's
 * signature verifies and it ends at a root byte-for-byte equal to one of ours: a look-alike root
 * with the same name and another key leads nowhere.
 */
final class ChainCheck {

    private static final int MAX_DEPTH = 8;

    private final Pki pki;

    ChainCheck(Pki pki) {
        this.pki = pki;
    }

    Mode trustedBy(X509Certificate leaf, Collection<X509Certificate> pool) {
        List<X509Certificate> candidates = new ArrayList<>(pool);
        for (Mode mode : Mode.values()) {
            candidates.add(pki.root(mode));
        }
        X509Certificate current = leaf;
        for (int depth = 0; depth < MAX_DEPTH && current != null; depth++) {
            for (Mode mode : Mode.values()) {
                if (current.equals(pki.root(mode))) {
                    return mode;
                }
            }
            current = issuerOf(current, candidates);
        }
        return null;
    }

    /** The certificate and its issuers as far as {@code pool} and Signet's roots reach. */
    List<X509Certificate> path(X509Certificate leaf, Collection<X509Certificate> pool) {
        List<X509Certificate> candidates = new ArrayList<>(pool);
        for (Mode mode : Mode.values()) {
            candidates.add(pki.root(mode));
        }
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate current = leaf;
                current != null && path.size() < MAX_DEPTH && !path.contains(current);
                current = issuerOf(current, candidates)) {
            path.add(current);
        }
        return path;
    }

    private static X509Certificate issuerOf(X509Certificate certificate, List<X509Certificate> candidates) {
        for (X509Certificate candidate : candidates) {
            if (!candidate.equals(certificate) && IssuerCheck.issuedBy(certificate, candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
