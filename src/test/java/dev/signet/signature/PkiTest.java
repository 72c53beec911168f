package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.signet.account.Mode;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PkiTest {

    @TempDir
    static Path dir;

    static Pki pki;

    @BeforeAll
    static void generate() {
        pki = SignatureFixture.pki(dir);
    }

    @Test
    void theGeneratedKeystoreIsReloadedOnTheNextStartNotRegenerated() {
        Pki again = SignatureFixture.pki(dir);

        assertThat(again.root(Mode.LIVE)).isEqualTo(pki.root(Mode.LIVE));
        assertThat(again.root(Mode.SANDBOX)).isEqualTo(pki.root(Mode.SANDBOX));
        assertThat(pki.root(Mode.LIVE)).isNotEqualTo(pki.root(Mode.SANDBOX));
    }

    @Test
    void aOneTimeSignerCertificateIsShortLivedEcP256AndSaysWhoAndHowVerified() throws Exception {
        Instant before = Instant.now();
        SigningKey key = new SignerCertificates(pki, Duration.ofMinutes(10), Duration.ofMinutes(1), Clock.systemUTC())
                .issue(
                        Mode.LIVE,
                        new SignerIdentity("Zoë O'Brien, Jr.", "zoe@example.com", List.of("email-link", "idv")));
        X509Certificate certificate = key.certificate();

        assertThat(((ECPublicKey) certificate.getPublicKey())
                        .getParams()
                        .getCurve()
                        .getField()
                        .getFieldSize())
                .isEqualTo(256);
        assertThat(CertificateNames.commonName(certificate)).isEqualTo("Zoë O'Brien, Jr.");
        assertThat(CertificateNames.email(certificate)).isEqualTo("zoe@example.com");
        assertThat(SignerCertificates.verifiedBy(certificate)).containsExactly("email-link", "idv");
        assertThat(certificate.getKeyUsage()).startsWith(true, true, false);
        assertThat(certificate.getCriticalExtensionOIDs()).contains("2.5.29.15");
        assertThat(certificate.getBasicConstraints()).isEqualTo(-1);
        assertThat(certificate.getNotBefore().toInstant()).isBetween(before.minusSeconds(61), before.minusSeconds(59));
        assertThat(Duration.between(
                        certificate.getNotBefore().toInstant(),
                        certificate.getNotAfter().toInstant()))
                .isBetween(Duration.ofSeconds(660), Duration.ofSeconds(661));
        assertThat(new String(certificate.getExtensionValue("2.5.29.31"), java.nio.charset.StandardCharsets.ISO_8859_1))
                .contains("http://signet.test/v2/ca/live/crl");
        certificate.verify(pki.root(Mode.LIVE).getPublicKey());
        assertThat(key.chain()).endsWith(pki.root(Mode.LIVE));
        assertThat(key.sign(new byte[] {1, 2, 3})).isNotEmpty();
    }

    @Test
    void theTsaCertificateHasOnlyTheCriticalTimeStampingPurpose() throws Exception {
        for (Mode mode : Mode.values()) {
            X509Certificate tsa = pki.key(mode, KeyRole.TSA).certificate();
            assertThat(tsa.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.8");
            assertThat(tsa.getCriticalExtensionOIDs()).contains("2.5.29.37");
            tsa.verify(pki.root(mode).getPublicKey());
        }
    }

    @Test
    void eachCaIssuesSignedCrlsListingWhatWasRevokedAndKeepingExpiredEntries() throws Exception {
        BigInteger revoked = pki.key(Mode.SANDBOX, KeyRole.SEAL).certificate().getSerialNumber();
        Pki withRevocation = new Pki(
                Pkcs12KeyProvider.load(dir.resolve("signet-ca.p12"), "test-password".toCharArray()),
                SignatureFixture.PUBLIC_URL,
                Duration.ofDays(7),
                Clock.systemUTC(),
                mode -> mode == Mode.SANDBOX ? Map.of(revoked, Instant.now()) : Map.of());

        X509CRL live = crl(withRevocation.crl(Mode.LIVE));
        X509CRL sandbox = crl(withRevocation.crl(Mode.SANDBOX));

        live.verify(pki.root(Mode.LIVE).getPublicKey());
        sandbox.verify(pki.root(Mode.SANDBOX).getPublicKey());
        assertThat(live.getRevokedCertificates()).isNull();
        assertThat(sandbox.getRevokedCertificate(revoked)).isNotNull();
        assertThat(sandbox.getNonCriticalExtensionOIDs()).contains("2.5.29.20", "2.5.29.35", "2.5.29.60");
        assertThat(Duration.between(
                        sandbox.getThisUpdate().toInstant(),
                        sandbox.getNextUpdate().toInstant()))
                .isEqualTo(Duration.ofDays(7));
        assertThat(withRevocation.crl(Mode.LIVE)).as("cached within the hour").isEqualTo(withRevocation.crl(Mode.LIVE));
    }

    @Test
    void aKeystoreWithoutEveryEntryIsRefusedAtLoad() throws Exception {
        Path partial = dir.resolve("partial.p12");
        char[] password = "pw".toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        var live = new HierarchyGenerator("Test", SignatureFixture.PUBLIC_URL, Clock.systemUTC()).generate(Mode.LIVE);
        live.forEach((role, entry) -> {
            try {
                store.setKeyEntry(
                        role.alias(Mode.LIVE),
                        entry.key(),
                        password,
                        entry.chain().toArray(new java.security.cert.Certificate[0]));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        try (var out = Files.newOutputStream(partial)) {
            store.store(out, password);
        }

        assertThatThrownBy(() -> Pkcs12KeyProvider.load(partial, password)).hasMessageContaining("sandbox-ca");
    }

    private static X509CRL crl(byte[] der) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }
}
