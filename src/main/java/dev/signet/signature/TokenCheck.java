package dev.signet.signature;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Selector;

/**
 * Reads and checks RFC 3161 tokens: the one inside a signature (its signature-time-stamp
 * unsigned attribute) and the one a document timestamp is. A token is valid when its CMS
 * signature verifies with the certificate it names, that certificate was valid at genTime and
 * carries the timeStamping purpose (all checked by BouncyCastle's {@code validate}).
 */
final class TokenCheck {

    private TokenCheck() {}

    /** The signature timestamp in a CMS signature's unsigned attributes, or null. */
    static TimeStampToken signatureTimestamp(byte[] cms) throws Exception {
        SignerInformation signer =
                new CMSSignedData(cms).getSignerInfos().getSigners().iterator().next();
        AttributeTable unsigned = signer.getUnsignedAttributes();
        Attribute attribute =
                unsigned == null ? null : unsigned.get(PKCSObjectIdentifiers.id_aa_signatureTimeStampToken);
        if (attribute == null) {
            return null;
        }
        byte[] token =
                attribute.getAttrValues().getObjectAt(0).toASN1Primitive().getEncoded();
        return new TimeStampToken(new CMSSignedData(token));
    }

    static TimeStampToken documentTimestamp(byte[] cms) throws Exception {
        return new TimeStampToken(new CMSSignedData(cms));
    }

    /** The TSA certificate, or null when the token's signature or the certificate does not check out. */
    @SuppressWarnings("unchecked")
    static X509Certificate verifiedSigner(TimeStampToken token) {
        try {
            Collection<X509CertificateHolder> matches = token.getCertificates().getMatches((Selector) token.getSID());
            if (matches.isEmpty()) {
                return null;
            }
            X509CertificateHolder holder = matches.iterator().next();
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(holder));
            return new JcaX509CertificateConverter().getCertificate(holder);
        } catch (Exception e) {
            return null;
        }
    }

    static List<X509Certificate> certificates(TimeStampToken token) throws Exception {
        List<X509Certificate> certificates = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (Object holder : token.getCertificates().getMatches(null)) {
            certificates.add(converter.getCertificate((X509CertificateHolder) holder));
        }
        return certificates;
    }

    static Instant time(TimeStampToken token) {
        return token.getTimeStampInfo().getGenTime().toInstant();
    }
}
