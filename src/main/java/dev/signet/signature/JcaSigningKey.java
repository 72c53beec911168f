package dev.signet.signature;

import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/** A key held in this JVM (a PKCS#12 entry, or a one-time signer key). */
final class JcaSigningKey implements SigningKey {

    private final PrivateKey privateKey;
    private final List<X509Certificate> chain;
    private final String algorithm;

    JcaSigningKey(PrivateKey privateKey, List<X509Certificate> chain) {
        this.privateKey = EcCrypto.forSigning(privateKey);
        this.chain = List.copyOf(chain);
        this.algorithm = algorithmFor(privateKey);
    }

    static String algorithmFor(PrivateKey key) {
        switch (key.getAlgorithm()) {
            case "EC":
            case "ECDSA":
                return EcCrypto.ECDSA;
            case "RSA":
                return "SHA256withRSA";
            default:
                throw new IllegalArgumentException("Unsupported key algorithm " + key.getAlgorithm());
        }
    }

    @Override
    public List<X509Certificate> chain() {
        return chain;
    }

    @Override
    public String signatureAlgorithm() {
        return algorithm;
    }

    @Override
    public Optional<PrivateKey> jcaPrivateKey() {
        return Optional.of(privateKey);
    }

    @Override
    public byte[] sign(byte[] data) throws GeneralSecurityException {
        Signature signature = EcCrypto.signer(algorithm, privateKey);
        signature.update(data);
        return signature.sign();
    }
}
