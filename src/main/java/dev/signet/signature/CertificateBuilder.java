package dev.signet.signature;

import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AccessDescription;
import org.bouncycastle.asn1.x509.AuthorityInformationAccess;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.DistributionPointName;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;

/** A thin, fluent wrapper over BouncyCastle's certificate builder with the extensions Signet uses. */
final class CertificateBuilder {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final X509v3CertificateBuilder builder;
    private final JcaX509ExtensionUtils extensions;

    private CertificateBuilder(
            X500Name issuer, X500Name subject, PublicKey subjectKey, Instant notBefore, Instant notAfter) {
        try {
            this.extensions = new JcaX509ExtensionUtils();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        this.builder = new JcaX509v3CertificateBuilder(
                issuer, serialNumber(), Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
        add(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(subjectKey));
    }

    /** A self-signed root. */
    static CertificateBuilder root(X500Name subject, PublicKey key, Instant notBefore, Instant notAfter) {
        return new CertificateBuilder(subject, subject, key, notBefore, notAfter)
                .add(Extension.basicConstraints, true, new BasicConstraints(true))
                .add(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
    }

    /**
     * An end-entity certificate issued by {@code issuer}, revocable through the CRL at {@code urls}
     * and pointing at the issuer's certificate there (AIA caIssuers), so a validator given only this
     * certificate can find the rest of the chain.
     */
    static CertificateBuilder endEntity(
            X509Certificate issuer, X500Name subject, PublicKey key, Instant notBefore, Instant notAfter, CaUrls urls) {
        CertificateBuilder b = new CertificateBuilder(name(issuer), subject, key, notBefore, notAfter);
        try {
            b.add(Extension.authorityKeyIdentifier, false, b.extensions.createAuthorityKeyIdentifier(issuer));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        GeneralNames crl = new GeneralNames(new GeneralName(GeneralName.uniformResourceIdentifier, urls.crl()));
        GeneralName caIssuers = new GeneralName(GeneralName.uniformResourceIdentifier, urls.caIssuers());
        return b.add(Extension.basicConstraints, true, new BasicConstraints(false))
                .add(Extension.cRLDistributionPoints, false, new CRLDistPoint(new DistributionPoint[] {
                    new DistributionPoint(new DistributionPointName(crl), null, null)
                }))
                .add(
                        Extension.authorityInfoAccess,
                        false,
                        new AuthorityInformationAccess(AccessDescription.id_ad_caIssuers, caIssuers));
    }

    CertificateBuilder add(ASN1ObjectIdentifier oid, boolean critical, ASN1Encodable value) {
        try {
            builder.addExtension(oid, critical, value);
        } catch (CertIOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    X509Certificate signWith(SigningKey issuerKey) {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(new KeyContentSigner(issuerKey)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not issue a certificate", e);
        }
    }

    /**
     * 159 random bits: unpredictable (so a chosen-prefix collision cannot be aimed at a serial, the
     * CA/Browser Forum's reason for its 64-bit minimum) and positive within the 20 octets RFC 5280 allows.
     */
    private static BigInteger serialNumber() {
        return new BigInteger(159, RANDOM).setBit(0);
    }

    static X500Name name(X509Certificate certificate) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
