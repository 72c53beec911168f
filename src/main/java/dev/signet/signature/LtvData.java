package dev.signet.signature;

import com.itextpdf.kernel.pdf.PdfArray;
import com.itextpdf.kernel.pdf.PdfDictionary;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.kernel.pdf.PdfObject;
import com.itextpdf.kernel.pdf.PdfStream;
import java.io.ByteArrayInputStream;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The certificates and CRLs a document's DSS dictionary holds, and whether they cover a chain. */
final class LtvData {

    private final List<X509Certificate> certificates = new ArrayList<>();
    private final List<X509CRL> crls = new ArrayList<>();

    static LtvData of(PdfDocument document) throws GeneralSecurityException {
        LtvData data = new LtvData();
        PdfDictionary dss = document.getCatalog().getPdfObject().getAsDictionary(PdfName.DSS);
        if (dss == null) {
            return data;
        }
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        for (byte[] der : streams(dss.getAsArray(PdfName.Certs))) {
            data.certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
        }
        for (byte[] der : streams(dss.getAsArray(PdfName.CRLs))) {
            data.crls.add((X509CRL) factory.generateCRL(new ByteArrayInputStream(der)));
        }
        return data;
    }

    List<X509Certificate> certificates() {
        return certificates;
    }

    /**
     * Every certificate in {@code chain} but the self-signed is answered for by a CRL here that its
     * issuer signed and that does not list it: what a validator needs, offline, for B-LT.
     */
    boolean covers(Collection<X509Certificate> chain) {
        if (crls.isEmpty()) {
            return false;
        }
        List<X509Certificate> issuers = new ArrayList<>(chain);
        issuers.addAll(certificates);
        for (X509Certificate certificate : chain) {
            if (IssuerCheck.issuedBy(certificate, certificate)) {
                continue;
            }
            if (crls.stream().noneMatch(crl -> answers(crl, certificate, issuers))) {
                return false;
            }
        }
        return true;
    }

    private static boolean answers(X509CRL crl, X509Certificate certificate, List<X509Certificate> issuers) {
        if (!crl.getIssuerX500Principal().equals(certificate.getIssuerX500Principal()) || crl.isRevoked(certificate)) {
            return false;
        }
        for (X509Certificate issuer : issuers) {
            if (IssuerCheck.issuedBy(certificate, issuer)) {
                try {
                    crl.verify(issuer.getPublicKey());
                    return true;
                } catch (GeneralSecurityException e) {
                    return false;
                }
            }
        }
        return false;
    }

    private static List<byte[]> streams(PdfArray array) {
        List<byte[]> contents = new ArrayList<>();
        if (array != null) {
            for (PdfObject object : array) {
                if (object instanceof PdfStream) {
                    contents.add(((PdfStream) object).getBytes());
                }
            }
        }
        return contents;
    }
}
