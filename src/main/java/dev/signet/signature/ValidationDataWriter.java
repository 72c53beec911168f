package dev.signet.signature;

import com.itextpdf.kernel.pdf.CompressionConstants;
import com.itextpdf.kernel.pdf.PdfArray;
import com.itextpdf.kernel.pdf.PdfDeveloperExtension;
import com.itextpdf.kernel.pdf.PdfDictionary;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfName;
import com.itextpdf.kernel.pdf.PdfObject;
import com.itextpdf.kernel.pdf.PdfStream;
import com.itextpdf.kernel.pdf.PdfVersion;
import com.itextpdf.signatures.ICrlClient;
import com.itextpdf.signatures.SignatureUtil;
import dev.signet.account.Mode;
import java.nio.ByteBuffer;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;

/**
 * Writes the DSS dictionary (ISO 32000-2 §12.8.4.3, ETSI EN 319 142-1 §5.4) that lifts every
 * signature to B-LT: every certificate of every signature and of every timestamp in the document
 * (signers, seal, TSA, CAs) and a CRL for each of them except the roots.
 *
 * <p>Why our own writer rather than iText's {@code LtvVerification}: that one repeats the same CA
 * certificate and CRL once per signature (ten signers, ten copies) and asks each certificate's
 * issuer for a CRL through a client; we know our CAs, issue one fresh CRL per hierarchy and write
 * each object once. VRI entries are left out: they are optional in PAdES baseline, validators
 * (EU DSS, Acrobat, poppler) use the document-wide arrays, and they cost a dictionary per
 * signature. An existing DSS is extended, never replaced, so sealing again later (archive renewal)
 * keeps what earlier seals proved.
 */
final class ValidationDataWriter {

    private final Pki pki;
    private final ICrlClient foreignCrls;

    /** @param foreignCrls where CRLs for certificates Signet did not issue (an external TSA's) come from */
    ValidationDataWriter(Pki pki, ICrlClient foreignCrls) {
        this.pki = pki;
        this.foreignCrls = foreignCrls;
    }

    void write(PdfDocument document) throws Exception {
        Set<X509Certificate> certificates = certificatesIn(document);
        Set<X509Certificate> anchors = new LinkedHashSet<>();
        Map<Mode, byte[]> ownCrls = new EnumMap<>(Mode.class);
        List<byte[]> crls = new ArrayList<>();
        for (X509Certificate certificate : certificates) {
            if (selfSigned(certificate)) {
                continue;
            }
            Optional<Mode> mode = pki.hierarchyOf(certificate);
            if (mode.isPresent()) {
                ownCrls.computeIfAbsent(mode.get(), m -> Pki.encoded(pki.freshCrl(m)));
                anchors.add(pki.root(mode.get()));
            } else {
                crls.addAll(foreignCrl(certificate));
            }
        }
        crls.addAll(0, ownCrls.values());
        certificates.addAll(anchors);
        List<byte[]> encoded = new ArrayList<>();
        certificates.forEach(certificate -> encoded.add(CertificateBuilder.encoded(certificate)));
        merge(document, encoded, crls);
    }

    /**
     * The certificates carried by every signature and document timestamp, and by each signature's
     * timestamp token. Read from the CMS structures directly: iText's {@code readSignatureData}
     * also verifies each signature and orders its chain, work the seal does not need (a
     * signature that does not verify is the verifier's business) and a tenth of a workflow's time.
     */
    private static Set<X509Certificate> certificatesIn(PdfDocument document) throws Exception {
        SignatureUtil signatures = new SignatureUtil(document);
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        Set<X509Certificate> certificates = new LinkedHashSet<>();
        for (String name : signatures.getSignatureNames()) {
            CMSSignedData cms = new CMSSignedData(
                    signatures.getSignature(name).getContents().getValueBytes());
            addAll(certificates, cms, converter);
            for (SignerInformation signer : cms.getSignerInfos().getSigners()) {
                AttributeTable unsigned = signer.getUnsignedAttributes();
                Attribute token =
                        unsigned == null ? null : unsigned.get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
                if (token != null) {
                    for (ASN1Encodable value : token.getAttrValues()) {
                        addAll(
                                certificates,
                                new CMSSignedData(value.toASN1Primitive().getEncoded()),
                                converter);
                    }
                }
            }
        }
        return certificates;
    }

    private static void addAll(Set<X509Certificate> into, CMSSignedData cms, JcaX509CertificateConverter converter)
            throws Exception {
        for (X509CertificateHolder holder : cms.getCertificates().getMatches(null)) {
            into.add(converter.getCertificate(holder));
        }
    }

    private Collection<byte[]> foreignCrl(X509Certificate certificate) {
        Collection<byte[]> crls = null;
        try {
            crls = foreignCrls.getEncoded(certificate, null);
        } catch (Exception e) {
            throw new SignatureException(
                    "No CRL for " + certificate.getSubjectX500Principal() + ": " + e.getMessage(), e);
        }
        if (crls == null || crls.isEmpty()) {
            // Without it the signature cannot reach B-LT; better a retried job than a weaker seal.
            throw new SignatureException("No CRL for " + certificate.getSubjectX500Principal());
        }
        return crls;
    }

    private static boolean selfSigned(X509Certificate certificate) {
        return IssuerCheck.issuedBy(certificate, certificate);
    }

    private static void merge(PdfDocument document, List<byte[]> certificates, List<byte[]> crls) {
        PdfDictionary catalog = document.getCatalog().getPdfObject();
        PdfDictionary dss = catalog.getAsDictionary(PdfName.DSS);
        if (dss == null) {
            dss = new PdfDictionary();
            dss.makeIndirect(document);
            catalog.put(PdfName.DSS, dss);
        }
        dss.put(PdfName.Certs, extended(document, dss.getAsArray(PdfName.Certs), certificates));
        dss.put(PdfName.CRLs, extended(document, dss.getAsArray(PdfName.CRLs), crls));
        dss.setModified();
        if (document.getPdfVersion().compareTo(PdfVersion.PDF_2_0) < 0) {
            document.getCatalog().addDeveloperExtension(PdfDeveloperExtension.ESIC_1_7_EXTENSIONLEVEL5);
        }
        catalog.setModified();
    }

    private static PdfArray extended(PdfDocument document, PdfArray existing, List<byte[]> added) {
        PdfArray array = new PdfArray();
        Set<ByteBuffer> present = new LinkedHashSet<>();
        if (existing != null) {
            for (PdfObject object : existing) {
                array.add(object);
                if (object instanceof PdfStream) {
                    present.add(ByteBuffer.wrap(((PdfStream) object).getBytes()));
                }
            }
        }
        for (byte[] der : added) {
            if (present.add(ByteBuffer.wrap(der))) {
                PdfStream stream = new PdfStream(der);
                stream.setCompressionLevel(CompressionConstants.DEFAULT_COMPRESSION);
                stream.makeIndirect(document);
                array.add(stream);
            }
        }
        array.makeIndirect(document);
        return array;
    }
}
