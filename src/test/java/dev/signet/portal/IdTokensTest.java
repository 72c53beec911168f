package dev.signet.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The ID token checks of OpenID Connect Core 1.0, section 3.1.3.7, one refusal at a time, without a server. */
class IdTokensTest {

    static final String ISSUER = "https://idp.example.com";
    static final String CLIENT = "signet";
    static final String NONCE = "the-nonce";
    static final Instant NOW = Instant.parse("2026-12-03T12:00:00Z");

    static final RSAKey RSA = generateRsa();
    static final ECKey EC = generateEc();
    static final JWKSet KEYS = new JWKSet(List.<JWK>of(RSA.toPublicJWK(), EC.toPublicJWK()));

    static RSAKey generateRsa() {
        try {
            return new RSAKeyGenerator(2048).keyID("rsa-1").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static ECKey generateEc() {
        try {
            return new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static JWTClaimsSet.Builder valid() {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject("248289761001")
                .audience(CLIENT)
                .issueTime(Date.from(NOW))
                .expirationTime(Date.from(NOW.plus(Duration.ofMinutes(5))))
                .claim("nonce", NONCE)
                .claim("email", "jane@example.com")
                .claim("email_verified", true);
    }

    static String signed(JWSAlgorithm alg, String kid, JWSSigner signer, UnaryOperator<JWTClaimsSet.Builder> change) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(alg).keyID(kid).build(),
                    change.apply(valid()).build());
            jwt.sign(signer);
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static String rs256(UnaryOperator<JWTClaimsSet.Builder> change) {
        try {
            return signed(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(RSA), change);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    static IdTokens.Identity validate(String token) throws IdTokens.Refused {
        return IdTokens.validate(token, KEYS, ISSUER, CLIENT, NONCE, NOW);
    }

    static void refused(String token, IdTokens.Refusal reason) {
        assertThatThrownBy(() -> validate(token))
                .isInstanceOf(IdTokens.Refused.class)
                .hasMessage(reason.name());
    }

    @Test
    void aValidRs256OrEs256TokenGivesTheVerifiedAddress() throws Exception {
        assertThat(validate(rs256(b -> b)).email()).isEqualTo("jane@example.com");
        String es256 = signed(JWSAlgorithm.ES256, "ec-1", new ECDSASigner(EC), b -> b);
        assertThat(validate(es256).subject()).isEqualTo("248289761001");
        String withoutKid = signed(JWSAlgorithm.ES256, null, new ECDSASigner(EC), b -> b);
        assertThat(validate(withoutKid).email()).isEqualTo("jane@example.com");
    }

    @Test
    void onlyTheProvidersKeysAndOnlyRs256OrEs256Count() throws Exception {
        refused(
                signed(JWSAlgorithm.RS256, "rsa-1", new RSASSASigner(generateRsa()), b -> b),
                IdTokens.Refusal.SIGNATURE);
        // A MAC keyed with something the attacker knows (the client secret, a public key's bytes) is never accepted.
        refused(
                signed(JWSAlgorithm.HS256, "rsa-1", new MACSigner("a shared secret of thirty-two bytes!"), b -> b),
                IdTokens.Refusal.SIGNATURE);
        refused(new PlainJWT(valid().build()).serialize(), IdTokens.Refusal.SIGNATURE);
        refused("not.a.token", IdTokens.Refusal.SIGNATURE);
        String token = rs256(b -> b);
        String tampered = token.substring(0, token.indexOf('.') + 1)
                + com.nimbusds.jose.util.Base64URL.encode(
                        valid().claim("email", "ceo@example.com").build().toString())
                + token.substring(token.lastIndexOf('.'));
        refused(tampered, IdTokens.Refusal.SIGNATURE);
    }

    @Test
    void issuerAudienceAndAuthorisedParty() {
        refused(rs256(b -> b.issuer("https://evil.example.com")), IdTokens.Refusal.ISSUER);
        refused(rs256(b -> b.audience("another-app")), IdTokens.Refusal.AUDIENCE);
        refused(rs256(b -> b.audience(List.of(CLIENT, "another-app"))), IdTokens.Refusal.AUDIENCE);
        refused(rs256(b -> b.claim("azp", "another-app")), IdTokens.Refusal.AUDIENCE);
    }

    @Test
    void severalAudiencesAreAcceptedWhenThisClientIsTheAuthorisedParty() throws Exception {
        assertThat(validate(
                        rs256(b -> b.audience(List.of(CLIENT, "another-app")).claim("azp", CLIENT))))
                .isNotNull();
    }

    @Test
    void timesAllowAMinuteOfSkewAndNoMore() throws Exception {
        refused(rs256(b -> b.expirationTime(Date.from(NOW.minusSeconds(61)))), IdTokens.Refusal.EXPIRED);
        assertThat(validate(rs256(b -> b.expirationTime(Date.from(NOW.minusSeconds(59))))))
                .isNotNull();
        refused(rs256(b -> b.issueTime(Date.from(NOW.plusSeconds(61)))), IdTokens.Refusal.EXPIRED);
        assertThat(validate(rs256(b -> b.issueTime(Date.from(NOW.plusSeconds(59))))))
                .isNotNull();
        refused(rs256(b -> b.issueTime(Date.from(NOW.minus(Duration.ofMinutes(12))))), IdTokens.Refusal.EXPIRED);
        refused(rs256(b -> b.expirationTime(null)), IdTokens.Refusal.EXPIRED);
    }

    @Test
    void theNonceAndAVerifiedAddressAreRequired() {
        refused(rs256(b -> b.claim("nonce", "another")), IdTokens.Refusal.NONCE);
        refused(rs256(b -> b.claim("nonce", null)), IdTokens.Refusal.NONCE);
        refused(rs256(b -> b.claim("email_verified", false)), IdTokens.Refusal.EMAIL_UNVERIFIED);
        refused(rs256(b -> b.claim("email_verified", "true")), IdTokens.Refusal.EMAIL_UNVERIFIED);
        refused(rs256(b -> b.claim("email_verified", null)), IdTokens.Refusal.EMAIL_UNVERIFIED);
        refused(rs256(b -> b.claim("email", null)), IdTokens.Refusal.EMAIL_UNVERIFIED);
    }
}
