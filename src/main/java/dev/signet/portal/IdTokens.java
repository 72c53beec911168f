package dev.signet.portal;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * Validates an ID token as OpenID Connect Core 1.0, section 3.1.3.7, asks: signed (RS256 or ES256
 * only, never {@code none} or a MAC keyed with the client secret) by a key of the provider's JWK
 * set; issued by the configured issuer; for this client (and, with several audiences, authorised
 * for it through {@code azp}); not expired and not issued in the future, with {@link #SKEW} of
 * clock difference; no older than {@link #MAX_AGE}; carrying the nonce this sign-in sent; and
 * naming an email address the provider has verified, since that address is what matches a portal
 * user.
 */
final class IdTokens {

    static final Duration SKEW = Duration.ofSeconds(60);
    static final Duration MAX_AGE = Duration.ofMinutes(10);

    private IdTokens() {}

    /** Why a token is refused; each says which check failed, never what the token held. */
    enum Refusal {
        SIGNATURE,
        ISSUER,
        AUDIENCE,
        EXPIRED,
        NONCE,
        EMAIL_UNVERIFIED
    }

    static final class Refused extends Exception {
        final Refusal reason;

        Refused(Refusal reason) {
            super(reason.name());
            this.reason = reason;
        }
    }

    /** What a valid token says about the person. */
    record Identity(String subject, String email) {}

    static Identity validate(String token, JWKSet keys, String issuer, String clientId, String nonce, Instant now)
            throws Refused {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new Refused(Refusal.SIGNATURE);
        }
        if (!signedByProvider(jwt, keys)) {
            throw new Refused(Refusal.SIGNATURE);
        }
        if (!issuer.equals(claims.getIssuer())) {
            throw new Refused(Refusal.ISSUER);
        }
        List<String> audience = claims.getAudience();
        Object azp = claims.getClaim("azp");
        if (!audience.contains(clientId)
                || (audience.size() > 1 && !clientId.equals(azp))
                || (azp != null && !clientId.equals(azp))) {
            throw new Refused(Refusal.AUDIENCE);
        }
        Date exp = claims.getExpirationTime();
        Date iat = claims.getIssueTime();
        if (exp == null
                || iat == null
                || now.isAfter(exp.toInstant().plus(SKEW))
                || iat.toInstant().isAfter(now.plus(SKEW))
                || iat.toInstant().isBefore(now.minus(MAX_AGE).minus(SKEW))) {
            throw new Refused(Refusal.EXPIRED);
        }
        if (!(claims.getClaim("nonce") instanceof String sent) || !same(sent, nonce)) {
            throw new Refused(Refusal.NONCE);
        }
        // Only the boolean true counts: a missing claim or the string "true" is not a verification.
        if (!(claims.getClaim("email") instanceof String email)
                || !Boolean.TRUE.equals(claims.getClaim("email_verified"))
                || claims.getSubject() == null) {
            throw new Refused(Refusal.EMAIL_UNVERIFIED);
        }
        return new Identity(claims.getSubject(), email);
    }

    /** True when a signing key of the set (by {@code kid} when the token names one) verifies the token. */
    private static boolean signedByProvider(SignedJWT jwt, JWKSet keys) {
        JWSAlgorithm alg = jwt.getHeader().getAlgorithm();
        if (!JWSAlgorithm.RS256.equals(alg) && !JWSAlgorithm.ES256.equals(alg)) {
            return false;
        }
        String kid = jwt.getHeader().getKeyID();
        for (JWK key : keys.getKeys()) {
            if ((kid != null && !kid.equals(key.getKeyID()))
                    || (key.getKeyUse() != null && !KeyUse.SIGNATURE.equals(key.getKeyUse()))
                    || (key.getAlgorithm() != null && !alg.equals(key.getAlgorithm()))) {
                continue;
            }
            try {
                JWSVerifier verifier = verifier(alg, key);
                if (verifier != null && jwt.verify(verifier)) {
                    return true;
                }
            } catch (JOSEException | IllegalStateException e) {
                // a key that cannot verify this token (wrong size, broken): try the next one
            }
        }
        return false;
    }

    private static JWSVerifier verifier(JWSAlgorithm alg, JWK key) throws JOSEException {
        if (JWSAlgorithm.RS256.equals(alg) && key instanceof RSAKey rsa) {
            return new RSASSAVerifier(rsa);
        }
        if (JWSAlgorithm.ES256.equals(alg) && key instanceof ECKey ec && Curve.P_256.equals(ec.getCurve())) {
            return new ECDSAVerifier(ec);
        }
        return null;
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
