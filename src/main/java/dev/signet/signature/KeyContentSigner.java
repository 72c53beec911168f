package dev.signet.signature;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.RuntimeOperatorException;

/** Lets BouncyCastle's certificate, CRL and timestamp builders sign through a {@link SigningKey}. */
final class KeyContentSigner implements ContentSigner {

    private final SigningKey key;
    private final AlgorithmIdentifier algorithm;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    KeyContentSigner(SigningKey key) {
        this.key = key;
        this.algorithm = new DefaultSignatureAlgorithmIdentifierFinder().find(key.signatureAlgorithm());
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return algorithm;
    }

    @Override
    public OutputStream getOutputStream() {
        return buffer;
    }

    @Override
    public byte[] getSignature() {
        try {
            return key.sign(buffer.toByteArray());
        } catch (GeneralSecurityException e) {
            throw new RuntimeOperatorException("Signing failed: " + e.getMessage(), e);
        }
    }
}
