package dev.signet.signature;

import dev.signet.account.Mode;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1GeneralizedTime;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * Signet's two certification hierarchies, live and sandbox: their roots, the seal and TSA keys,
 * and the CRLs each CA issues. Keys come from a {@link KeyProvider}; this class adds what a CA
 * does with them.
 */
public final class Pki {

    /** A served CRL is reissued after this long, so a revocation shows within the hour. */
    private static final Duration CRL_REFRESH = Duration.ofHours(1);

    private final KeyProvider keys;
    private final String publicUrl;
    private final Duration crlValidity;
    private final Clock clock;
    private final RevocationList revocations;
    private final Map<Mode, IssuedCrl> crls = new EnumMap<>(Mode.class);

    /**
     * @param publicUrl Signet's public base URL; issued certificates point at {@code <publicUrl>/v2/ca/<mode>/crl}
     *     and {@code <publicUrl>/v2/ca/<mode>/certificate} (see {@link CaUrls})
     * @param crlValidity how far a CRL's nextUpdate lies after its thisUpdate
     */
    public Pki(KeyProvider keys, String publicUrl, Duration crlValidity, Clock clock, RevocationList revocations) {
        this.keys = keys;
        this.publicUrl = publicUrl;
        this.crlValidity = crlValidity;
        this.clock = clock;
        this.revocations = revocations;
    }

    /** The root certificate of a hierarchy: the trust anchor validators need for Signet's signatures. */
    public X509Certificate root(Mode mode) {
        List<X509Certificate> chain = keys.key(mode, KeyRole.CA).chain();
        return chain.get(chain.size() - 1);
    }

    /** Signet's seal key (certification signatures, evidence) for a hierarchy. */
    public SigningKey sealKey(Mode mode) {
        return keys.key(mode, KeyRole.SEAL);
    }

    SigningKey key(Mode mode, KeyRole role) {
        return keys.key(mode, role);
    }

    /** Where a hierarchy's CRL and CA certificate are published; written into every certificate its CA issues. */
    CaUrls urls(Mode mode) {
        return CaUrls.of(publicUrl, mode);
    }

    /** The certificate of the CA that issues a hierarchy's certificates (the root, or a keystore's intermediate). */
    X509Certificate issuingCa(Mode mode) {
        return keys.key(mode, KeyRole.CA).certificate();
    }

    /** The current DER-encoded CRL of a hierarchy's CA, reissued hourly or when a revocation is added. */
    public synchronized byte[] crl(Mode mode) {
        Map<BigInteger, Instant> revoked = revocations.revoked(mode);
        IssuedCrl current = crls.get(mode);
        if (current == null
                || !current.revoked().equals(revoked)
                || current.crl().getThisUpdate().toInstant().plus(CRL_REFRESH).isBefore(clock.instant())) {
            current = new IssuedCrl(issueCrl(mode, revoked), Map.copyOf(revoked));
            crls.put(mode, current);
        }
        return encoded(current.crl());
    }

    /** A CRL issued now, for validation data that must postdate the signatures it covers. */
    synchronized X509CRL freshCrl(Mode mode) {
        Map<BigInteger, Instant> revoked = revocations.revoked(mode);
        X509CRL crl = issueCrl(mode, revoked);
        crls.put(mode, new IssuedCrl(crl, Map.copyOf(revoked)));
        return crl;
    }

    /** The hierarchy whose CA signed this certificate (or which it is the root of), if any. */
    Optional<Mode> hierarchyOf(X509Certificate certificate) {
        for (Mode mode : Mode.values()) {
            X509Certificate ca = keys.key(mode, KeyRole.CA).certificate();
            if (ca.equals(certificate) || root(mode).equals(certificate) || IssuerCheck.issuedBy(certificate, ca)) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }

    /**
     * Why these CRL fields: thisUpdate is now (truncated to the second, as DER time is), so a CRL
     * fetched at sealing postdates every signature timestamp; the CRL number is thisUpdate in epoch
     * seconds, which only grows, also across restarts and nodes; and {@code expiredCertsOnCRL}
     * (RFC 5280 §5.2.7 via X.509) says revoked entries stay listed after the certificate expires,
     * which is what makes a CRL issued after a signer certificate expired still a valid
     * statement about it (EU DSS refuses it otherwise).
     */
    private X509CRL issueCrl(Mode mode, Map<BigInteger, Instant> revoked) {
        SigningKey ca = keys.key(mode, KeyRole.CA);
        Instant thisUpdate = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        X509v2CRLBuilder builder =
                new X509v2CRLBuilder(CertificateBuilder.name(ca.certificate()), Date.from(thisUpdate));
        builder.setNextUpdate(Date.from(thisUpdate.plus(crlValidity)));
        revoked.forEach((serial, when) -> builder.addCRLEntry(serial, Date.from(when), CRLReason.unspecified));
        try {
            builder.addExtension(
                    Extension.cRLNumber, false, new CRLNumber(BigInteger.valueOf(thisUpdate.getEpochSecond())));
            builder.addExtension(
                    Extension.authorityKeyIdentifier,
                    false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(ca.certificate()));
            builder.addExtension(
                    Extension.expiredCertsOnCRL,
                    false,
                    new ASN1GeneralizedTime(ca.certificate().getNotBefore()));
            byte[] der = builder.build(new KeyContentSigner(ca)).getEncoded();
            return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException("Could not issue the " + mode.dbValue() + " CRL", e);
        }
    }

    static byte[] encoded(X509CRL crl) {
        try {
            return crl.getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private record IssuedCrl(X509CRL crl, Map<BigInteger, Instant> revoked) {}
}
