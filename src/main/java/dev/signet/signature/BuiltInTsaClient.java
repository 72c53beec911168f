package dev.signet.signature;

import com.itextpdf.signatures.ITSAClient;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;
import org.bouncycastle.tsp.TimeStampToken;

/**
 * iText's view of the built-in TSA. Requests travel DER-encoded through
 * {@link TimeStampAuthority#respond} as they would over HTTP, with a fresh nonce, and the reply is
 * checked against the request (status, imprint, nonce) before its token is used.
 */
final class BuiltInTsaClient implements ITSAClient {

    /**
     * Signed attributes, TSTInfo, the signature and DER framing around the TSA's certificates:
     * measured at ~560 bytes (SignatureSizeTest), plus room for a longer serial or signature.
     */
    private static final int TOKEN_OVERHEAD = 768;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final TimeStampAuthority authority;
    private final int tokenSizeEstimate;

    BuiltInTsaClient(TimeStampAuthority authority) {
        this.authority = authority;
        int certificates = 0;
        for (X509Certificate certificate : authority.chain()) {
            certificates += CertificateBuilder.encoded(certificate).length;
        }
        this.tokenSizeEstimate = certificates + TOKEN_OVERHEAD;
    }

    @Override
    public int getTokenSizeEstimate() {
        return tokenSizeEstimate;
    }

    @Override
    public MessageDigest getMessageDigest() throws GeneralSecurityException {
        return MessageDigest.getInstance("SHA-256");
    }

    @Override
    public byte[] getTimeStampToken(byte[] imprint) throws Exception {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256, imprint, new BigInteger(63, RANDOM));
        TimeStampResponse response = new TimeStampResponse(authority.respond(request.getEncoded()));
        response.validate(request);
        TimeStampToken token = response.getTimeStampToken();
        if (token == null) {
            throw new TimestampException("The built-in TSA refused the request: " + response.getStatusString());
        }
        return token.getEncoded();
    }
}
