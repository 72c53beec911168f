package dev.signet.signature;

import java.security.cert.X509Certificate;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** The parts of a certificate a person reads: its CN and its email address. */
final class CertificateNames {

    private static final int RFC822_NAME = 1;

    private CertificateNames() {}

    static String commonName(X509Certificate certificate) {
        RDN[] cn = CertificateBuilder.name(certificate).getRDNs(BCStyle.CN);
        return cn.length == 0
                ? certificate.getSubjectX500Principal().getName()
                : ((ASN1String) cn[0].getFirst().getValue()).getString();
    }

    static String email(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names != null) {
                for (List<?> name : names) {
                    if (((Integer) name.get(0)) == RFC822_NAME) {
                        return (String) name.get(1);
                    }
                }
            }
        } catch (Exception e) {
            return null;
        }
        return null;
    }
}
