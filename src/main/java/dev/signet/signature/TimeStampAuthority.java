package dev.signet.signature;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Date;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.SignerInfoGenerator;
import org.bouncycastle.cms.SignerInfoGeneratorBuilder;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.DigestCalculatorProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

/**
 * Signet's built-in RFC 3161 time-stamping authority: takes a DER {@code TimeStampReq} and answers
 * with a DER {@code TimeStampResp}, exactly what travels as {@code application/timestamp-query}
 * and {@code application/timestamp-reply} over HTTP, so the in-process client and a remote caller
 * go through the same protocol.
 *
 * <p>Cryptographic choices: the token is signed with the TSA key (ECDSA P-256, SHA-256) and binds
 * the TSA certificate with ESSCertIDv2 over SHA-256 (RFC 5816); genTime has one-second resolution
 * and the token states an accuracy of one second, honest for a server clock kept by NTP; the
 * policy is Signet's own ({@link #POLICY}); only SHA-256/384/512 imprints are accepted.
 */
public final class TimeStampAuthority {

    /** The policy the built-in TSA issues under: {@code SIGNET_ARC.2} (see {@link SignerCertificates}). */
    public static final ASN1ObjectIdentifier POLICY = SignerCertificates.SIGNET_ARC.branch("2");

    private static final SecureRandom RANDOM = new SecureRandom();

    private final SigningKey key;
    private final Clock clock;
    /** What every token repeats (the TSA's certificate, its chain, the digest engines), prepared once. */
    private final X509CertificateHolder certificate;

    private final JcaCertStore chain;
    private final DigestCalculatorProvider digests;

    public TimeStampAuthority(SigningKey key, Clock clock) {
        this.key = key;
        this.clock = clock;
        try {
            this.certificate = new X509CertificateHolder(key.certificate().getEncoded());
            this.chain = new JcaCertStore(key.chain());
            this.digests = new JcaDigestCalculatorProviderBuilder().build();
        } catch (OperatorCreationException | IOException | GeneralSecurityException e) {
            throw new IllegalStateException("The built-in TSA is misconfigured", e);
        }
    }

    /** Answers one DER-encoded request; a malformed or refused request gets an RFC 3161 rejection. */
    public byte[] respond(byte[] request) {
        try {
            TimeStampResponseGenerator generator = new TimeStampResponseGenerator(
                    tokenGenerator(), Set.of(TSPAlgorithms.SHA256, TSPAlgorithms.SHA384, TSPAlgorithms.SHA512));
            TimeStampRequest parsed;
            try {
                parsed = new TimeStampRequest(request);
            } catch (IOException | RuntimeException e) {
                return generator
                        .generateRejectedResponse(new TSPException("Malformed request", e))
                        .getEncoded();
            }
            BigInteger serial = new BigInteger(127, RANDOM);
            return generator
                    .generate(parsed, serial, Date.from(clock.instant()))
                    .getEncoded();
        } catch (TSPException | IOException e) {
            throw new IllegalStateException("The built-in TSA could not answer", e);
        }
    }

    /** The TSA's certificate chain; its size drives the space reserved for a token. */
    List<X509Certificate> chain() {
        return key.chain();
    }

    private TimeStampTokenGenerator tokenGenerator() {
        try {
            SignerInfoGenerator signerInfo =
                    new SignerInfoGeneratorBuilder(digests).build(new KeyContentSigner(key), certificate);
            DigestCalculator certIdDigest = digests.get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256));
            TimeStampTokenGenerator generator = new TimeStampTokenGenerator(signerInfo, certIdDigest, POLICY);
            generator.setAccuracySeconds(1);
            generator.addCertificates(chain);
            return generator;
        } catch (OperatorCreationException | TSPException e) {
            throw new IllegalStateException("The built-in TSA is misconfigured", e);
        }
    }
}
