package dev.signet.signature;

import com.itextpdf.kernel.crypto.DigestAlgorithms;
import com.itextpdf.signatures.IExternalSignature;
import com.itextpdf.signatures.ISignatureMechanismParams;
import java.security.GeneralSecurityException;

/** iText's view of a {@link SigningKey}: it hands over the signed attributes, the key signs them. */
final class KeySignature implements IExternalSignature {

    private final SigningKey key;

    KeySignature(SigningKey key) {
        this.key = key;
    }

    @Override
    public String getDigestAlgorithmName() {
        return DigestAlgorithms.SHA256;
    }

    @Override
    public String getSignatureAlgorithmName() {
        return key.signatureAlgorithm().endsWith("ECDSA") ? "ECDSA" : "RSA";
    }

    @Override
    public ISignatureMechanismParams getSignatureMechanismParameters() {
        return null;
    }

    @Override
    public byte[] sign(byte[] message) throws GeneralSecurityException {
        return key.sign(message);
    }
}
