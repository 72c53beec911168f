package dev.signet.signature;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import dev.signet.account.Mode;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every certificate Signet issues — one-time signer certificates, the seal, the TSA — says where
 * its issuer's certificate is (AIA caIssuers) beside where its CRL is, and that address serves
 * the issuing CA's certificate as DER to anyone, without an API key.
 */
class AuthorityInformationAccessTest extends SignetIntegrationTest {

    @Autowired
    Pki pki;

    @Test
    void everyIssuedCertificatePointsAtItsIssuersCertificateServedWithoutAKey() throws Exception {
        SignerCertificates signers =
                new SignerCertificates(pki, Duration.ofMinutes(10), Duration.ofMinutes(1), Clock.systemUTC());
        for (Mode mode : Mode.values()) {
            X509Certificate signer =
                    signers.issue(mode, SignatureFixture.signer("Ada Access")).certificate();
            for (X509Certificate issued : List.of(
                    signer,
                    pki.sealKey(mode).certificate(),
                    pki.key(mode, KeyRole.TSA).certificate())) {
                String who = issued.getSubjectX500Principal().getName();
                assertThat(issued.getNonCriticalExtensionOIDs())
                        .as(who)
                        .contains(Extension.cRLDistributionPoints.getId());
                List<String> caIssuers = caIssuers(issued);
                assertThat(caIssuers)
                        .as(who)
                        .containsExactly("http://signet.test/v2/ca/" + mode.dbValue() + "/certificate");

                Api.Response served = api.get(URI.create(caIssuers.get(0)).getPath(), null);

                assertThat(served.status()).as(served.toString()).isEqualTo(200);
                assertThat(served.header("Content-Type")).isEqualTo("application/pkix-cert");
                X509Certificate issuer = (X509Certificate) CertificateFactory.getInstance("X.509")
                        .generateCertificate(new ByteArrayInputStream(served.bytes()));
                assertThat(issuer.getSubjectX500Principal()).isEqualTo(issued.getIssuerX500Principal());
                issued.verify(issuer.getPublicKey());
            }
        }
    }

    private static List<String> caIssuers(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(Extension.authorityInfoAccess.getId());
        List<String> urls = new ArrayList<>();
        if (value == null) {
            return urls;
        }
        AuthorityInformationAccess aia = AuthorityInformationAccess.getInstance(
                ASN1OctetString.getInstance(value).getOctets());
        for (AccessDescription description : aia.getAccessDescriptions()) {
            GeneralName location = description.getAccessLocation();
            if (description.getAccessMethod().equals(AccessDescription.id_ad_caIssuers)
                    && location.getTagNo() == GeneralName.uniformResourceIdentifier) {
                urls.add(DERIA5String.getInstance(location.getName()).getString());
            }
        }
        return urls;
    }
}
