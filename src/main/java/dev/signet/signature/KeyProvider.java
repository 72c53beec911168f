package dev.signet.signature;

import dev.signet.account.Mode;

/**
 * Where Signet's long-lived keys come from. {@link Pkcs12KeyProvider} reads a PKCS#12 file (and
 * generates one in embedded mode); an HSM or a remote signer would be another implementation.
 */
public interface KeyProvider {

    /**
     * The key for this role in this hierarchy. Live and sandbox never share a key: a sandbox
     * document must never chain to the live root.
     */
    SigningKey key(Mode mode, KeyRole role);
}
