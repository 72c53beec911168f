package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.account.Mode;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;

/** The remembered answers never turn a "no" into a "yes": only exact confirmed pairs are kept. */
class IssuerCheckTest {

    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.SECONDS);

    @Test
    void anImpostorIssuerWithTheSameNameIsRefusedBeforeAndAfterTheRealOneWasConfirmed() throws Exception {
        X500Name caName = new X500Name("CN=Issuer check CA " + System.nanoTime());
        Root real = root(caName, "EC");
        Root impostor = root(caName, "EC");
        X509Certificate leaf = leaf(real);

        assertThat(IssuerCheck.issuedBy(leaf, impostor.certificate())).isFalse();
        assertThat(IssuerCheck.issuedBy(leaf, real.certificate())).isTrue();
        assertThat(IssuerCheck.issuedBy(leaf, real.certificate()))
                .as("remembered")
                .isTrue();
        assertThat(IssuerCheck.issuedBy(leaf, impostor.certificate())).isFalse();
        assertThat(IssuerCheck.issuedBy(real.certificate(), real.certificate()))
                .as("self-signed")
                .isTrue();
        assertThat(IssuerCheck.issuedBy(impostor.certificate(), real.certificate()))
                .isFalse();
    }

    @Test
    void rsaIssuersAreCheckedByTheJdkAndDifferentNamesAreRefusedWithoutVerifying() throws Exception {
        Root rsa = root(new X500Name("CN=Issuer check RSA " + System.nanoTime()), "RSA");
        Root other = root(new X500Name("CN=Another CA " + System.nanoTime()), "EC");
        X509Certificate leaf = leaf(rsa);
        assertThat(IssuerCheck.issuedBy(leaf, rsa.certificate())).isTrue();
        assertThat(IssuerCheck.issuedBy(leaf, other.certificate())).isFalse();
    }

    @Test
    void aPairEnteredAsSignedHereIsTakenWithoutVerifyingItsSignature() throws Exception {
        // signedHere is the caller's word that the issuer's key has just signed the certificate, and it is
        // taken as such: a pair whose signature would not verify shows that no verification happens.
        X500Name caName = new X500Name("CN=Issued here " + System.nanoTime());
        Root real = root(caName, "EC");
        Root sameName = root(caName, "EC");
        X509Certificate leaf = leaf(real);
        assertThat(IssuerCheck.issuedBy(leaf, sameName.certificate())).isFalse();
        IssuerCheck.signedHere(leaf, sameName.certificate());
        assertThat(IssuerCheck.issuedBy(leaf, sameName.certificate())).isTrue();
        assertThat(IssuerCheck.issuedBy(leaf, real.certificate()))
                .as("still verified for any other pair")
                .isTrue();
    }

    private record Root(X509Certificate certificate, SigningKey key) {}

    private static Root root(X500Name name, String algorithm) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm);
        generator.initialize("EC".equals(algorithm) ? 256 : 2048);
        KeyPair pair = generator.generateKeyPair();
        X509Certificate self = CertificateBuilder.root(
                        name, pair.getPublic(), NOW.minusSeconds(60), NOW.plusSeconds(3600))
                .signWith(new JcaSigningKey(pair.getPrivate(), List.of()));
        return new Root(self, new JcaSigningKey(pair.getPrivate(), List.of(self)));
    }

    private static X509Certificate leaf(Root issuer) {
        KeyPair pair = EcCrypto.newKeyPair();
        return CertificateBuilder.endEntity(
                        issuer.certificate(),
                        new X500Name("CN=Leaf"),
                        pair.getPublic(),
                        NOW.minusSeconds(60),
                        NOW.plusSeconds(600),
                        CaUrls.of("http://localhost", Mode.LIVE))
                .signWith(issuer.key());
    }
}
