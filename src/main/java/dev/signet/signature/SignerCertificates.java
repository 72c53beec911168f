package dev.signet.signature;

import dev.signet.account.Mode;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyUsage;

/**
 * Issues the one-time certificate each signature is made with.
 *
 * <p>Why one-time: the key exists only in memory for one signature and is then dropped, so there is
 * nothing to steal, store or revoke later. Why a certificate valid for years, then
 * ({@code signet.pki.signer-validity}, 10 years by default, never past the issuing CA's own
 * expiry): with the key gone, a long validity lets no one sign anything later, while validators
 * that ignore the signature timestamp and check the chain at the present time (poppler's
 * {@code pdfsig}, older readers) would call a certificate of a few minutes expired from the next
 * hour on. Validators that honour the timestamp (EU DSS, Acrobat) check the validity at signing
 * time and are indifferent to the length. EC P-256 because
 * generating it costs a fraction of a millisecond (RSA-3072 costs hundreds; see {@link EcCrypto})
 * and every validator we target (EU DSS, Acrobat, poppler/NSS) accepts ECDSA with SHA-256.
 */
final class SignerCertificates {

    /**
     * Signet's private OID arc: {@code 2.25} (ITU-T X.667) followed by a UUID we generated
     * (1a8b6b72-fa71-4524-999f-1b07a36fa568) as an integer. Such an OID needs no registration and
     * cannot collide; Signet defines {@code .1} (the assurance extension) and {@code .2} (the
     * built-in TSA's policy) under it.
     */
    static final ASN1ObjectIdentifier SIGNET_ARC =
            new ASN1ObjectIdentifier("2.25.35283836481090458682126991642669852008");

    /**
     * Signet's "assurance" extension: a SEQUENCE OF UTF8String naming the checks the signer passed
     * ({@code email-link}, {@code otp}, {@code idv}, ...), non-critical so validators that do not know
     * it still accept the certificate. Why an extension and not the subject's {@code description}:
     * the subject names a person; what we checked about them is a typed claim for machines (Signet's
     * verifier and evidence read it back), and putting it in the name would make the same person's
     * name differ from one signature to the next. The OID is {@code SIGNET_ARC.1}.
     */
    static final ASN1ObjectIdentifier ASSURANCE_OID = SIGNET_ARC.branch("1");

    private final Pki pki;
    private final Duration validity;
    private final Duration backdate;
    private final Clock clock;

    SignerCertificates(Pki pki, Duration validity, Duration backdate, Clock clock) {
        this.pki = pki;
        this.validity = validity;
        this.backdate = backdate;
        this.clock = clock;
    }

    /** A fresh key pair and its certificate; the caller signs once and lets the key go. */
    SigningKey issue(Mode mode, SignerIdentity signer) {
        KeyPair pair = newKeyPair();
        SigningKey ca = pki.key(mode, KeyRole.CA);
        Instant now = clock.instant();
        Instant caExpiry = ca.certificate().getNotAfter().toInstant();
        Instant notAfter = now.plus(validity).isAfter(caExpiry) ? caExpiry : now.plus(validity);
        X509Certificate certificate = CertificateBuilder.endEntity(
                        ca.certificate(),
                        Names.signer(mode, signer.name()),
                        pair.getPublic(),
                        now.minus(backdate),
                        notAfter,
                        pki.urls(mode))
                .add(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation))
                .add(
                        Extension.subjectAlternativeName,
                        false,
                        new GeneralNames(new GeneralName(GeneralName.rfc822Name, signer.email())))
                .add(ASSURANCE_OID, false, assurance(signer.verifiedBy()))
                .signWith(ca);
        IssuerCheck.signedHere(certificate, ca.certificate());
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        chain.addAll(ca.chain());
        return new JcaSigningKey(pair.getPrivate(), chain);
    }

    /** The checks recorded in a certificate issued here; empty when it has no assurance extension. */
    static List<String> verifiedBy(X509Certificate certificate) {
        byte[] value = certificate.getExtensionValue(ASSURANCE_OID.getId());
        if (value == null) {
            return List.of();
        }
        ASN1Sequence sequence =
                ASN1Sequence.getInstance(ASN1OctetString.getInstance(value).getOctets());
        List<String> checks = new ArrayList<>();
        sequence.forEach(item -> checks.add(DERUTF8String.getInstance(item).getString()));
        return checks;
    }

    private static DERSequence assurance(List<String> checks) {
        ASN1EncodableVector vector = new ASN1EncodableVector();
        checks.forEach(check -> vector.add(new DERUTF8String(check)));
        return new DERSequence(vector);
    }

    static KeyPair newKeyPair() {
        return EcCrypto.newKeyPair();
    }
}
