package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BouncyCastle does Signet's EC arithmetic; the JDK's own provider must agree with every result. */
class EcCryptoTest {

    private static final byte[] DATA = "signed attributes".getBytes(StandardCharsets.UTF_8);

    @Test
    void aOneTimeKeyIsOnP256AndItsSignaturesVerifyWithTheJdksProvider() throws Exception {
        KeyPair pair = EcCrypto.newKeyPair();

        assertThat(((ECPublicKey) pair.getPublic())
                        .getParams()
                        .getCurve()
                        .getField()
                        .getFieldSize())
                .isEqualTo(256);
        assertThat(jdkVerifies(pair, EcCrypto.signer(EcCrypto.ECDSA, pair.getPrivate())))
                .isTrue();
    }

    @Test
    void aKeyTheJdkMadeSignsThroughBouncyCastleAndStillVerifiesWithTheJdk() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "SunEC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        PrivateKey converted = EcCrypto.forSigning(pair.getPrivate());

        assertThat(converted).isNotSameAs(pair.getPrivate());
        assertThat(jdkVerifies(pair, EcCrypto.signer(EcCrypto.ECDSA, converted)))
                .isTrue();
        assertThat(new JcaSigningKey(pair.getPrivate(), List.of()).signatureAlgorithm())
                .isEqualTo(EcCrypto.ECDSA);
    }

    @Test
    void twoSignaturesOfTheSameDataDifferBecauseEachNonceIsFresh() throws Exception {
        KeyPair pair = EcCrypto.newKeyPair();

        assertThat(sign(pair.getPrivate())).isNotEqualTo(sign(pair.getPrivate()));
    }

    private static byte[] sign(PrivateKey key) throws Exception {
        Signature signature = EcCrypto.signer(EcCrypto.ECDSA, key);
        signature.update(DATA);
        return signature.sign();
    }

    private static boolean jdkVerifies(KeyPair pair, Signature signer) throws Exception {
        signer.update(DATA);
        byte[] value = signer.sign();
        Signature verifier = Signature.getInstance(EcCrypto.ECDSA, "SunEC");
        verifier.initVerify(pair.getPublic());
        verifier.update(DATA);
        return verifier.verify(value);
    }
}
