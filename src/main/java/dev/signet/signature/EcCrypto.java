package dev.signet.signature;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Where Signet's EC P-256 operations run: BouncyCastle's provider, not the JDK's SunEC.
 *
 * <p>Why: every signer's signature makes four P-256 private-key operations (the one-time key, the
 * CA signing its certificate, the one-time key signing the CMS, the TSA signing its token). On
 * Java 17 SunEC's portable field arithmetic takes ~0.8 ms for each; BouncyCastle's SecP256R1
 * implementation (dedicated field arithmetic, a precomputed comb table for the generator with
 * constant-time lookups) ~0.15 ms. Same curve, same SHA-256 with ECDSA, same DER-encoded
 * signatures, nonces from a {@link SecureRandom}: only the speed differs. The provider object is
 * used directly, never registered, so nothing else in the JVM changes provider.
 *
 * <p>Keys BouncyCastle cannot read (an HSM's opaque handle) keep the JDK's provider selection.
 */
final class EcCrypto {

    static final String CURVE = "secp256r1";
    static final String ECDSA = "SHA256withECDSA";

    private static final Provider PROVIDER = new BouncyCastleProvider();
    private static final SecureRandom RANDOM = new SecureRandom();

    private EcCrypto() {}

    /** The provider object itself, for the few JCA calls that take one (certificate verification). */
    static Provider provider() {
        return PROVIDER;
    }

    /** A fresh P-256 key pair. */
    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", PROVIDER);
            generator.initialize(new ECGenParameterSpec(CURVE), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("EC P-256 is not available", e);
        }
    }

    /**
     * {@code key} as BouncyCastle's own key object when it is a software EC key (a PKCS#12 entry):
     * converted once, so each signature skips re-deriving the curve from the JDK's parameters and
     * uses the precomputed tables. Any other key is returned as it is.
     */
    static PrivateKey forSigning(PrivateKey key) {
        if (!(key instanceof ECPrivateKey) || key instanceof org.bouncycastle.jce.interfaces.ECPrivateKey) {
            return key;
        }
        byte[] encoded = key.getEncoded();
        if (encoded == null) {
            return key;
        }
        try {
            return KeyFactory.getInstance("EC", PROVIDER).generatePrivate(new PKCS8EncodedKeySpec(encoded));
        } catch (GeneralSecurityException e) {
            return key;
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    /** A signature engine for {@code algorithm}, initialised to sign with {@code key}. */
    static Signature signer(String algorithm, PrivateKey key) throws GeneralSecurityException {
        if (ECDSA.equals(algorithm) && key instanceof ECPrivateKey) {
            Signature signature = Signature.getInstance(algorithm, PROVIDER);
            signature.initSign(key, RANDOM);
            return signature;
        }
        Signature signature = Signature.getInstance(algorithm);
        signature.initSign(key);
        return signature;
    }
}
