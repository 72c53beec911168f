package dev.signet.portal;

import com.nimbusds.jose.jwk.JWKSet;
import dev.signet.account.Secrets;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sign-on through an organisation's OpenID provider: the authorization code flow with PKCE (S256),
 * {@code state} and {@code nonce} (OpenID Connect Core 1.0, section 3.1). The person is matched by
 * the verified email address in the ID token to a portal user of that organisation only; a user of
 * another organisation with that address is refused, never logged into the other organisation. No
 * second factor is asked afterwards: the provider's own authentication (and its MFA) is what
 * vouches for the person.
 */
@Service
class SsoSignOn {

    private static final Logger log = LoggerFactory.getLogger(SsoSignOn.class);

    /** How long a started sign-on may take at the provider before its callback is refused. */
    static final Duration PENDING_FOR = Duration.ofMinutes(10);

    /** Why a sign-on was refused; each has its sentence on the refusal page. */
    enum Refusal {
        NOT_CONFIGURED,
        PROVIDER,
        STATE,
        SIGNATURE,
        ISSUER,
        AUDIENCE,
        EXPIRED,
        NONCE,
        EMAIL_UNVERIFIED,
        DOMAIN,
        OTHER_ORGANISATION,
        UNKNOWN_USER,
        DEACTIVATED
    }

    static final class Refused extends Exception {
        final Refusal reason;

        Refused(Refusal reason) {
            super(reason.name());
            this.reason = reason;
        }
    }

    /** What the session keeps between the start and the callback; none of it leaves Signet but the state. */
    record Pending(UUID organisationId, String state, String nonce, String verifier, String redirectUri, long since)
            implements Serializable {

        boolean fresh(Instant now) {
            return now.toEpochMilli() - since < PENDING_FOR.toMillis();
        }
    }

    record Started(Pending pending, String authorizationUrl) {}

    private final SsoSettings settings;
    private final OidcClient client;
    private final PortalUsers users;

    SsoSignOn(SsoSettings settings, OidcClient client, PortalUsers users) {
        this.settings = settings;
        this.client = client;
        this.users = users;
    }

    /** The provider's authorization URL for a new sign-on, and what the session must remember for its callback. */
    Started start(UUID organisationId, String redirectUri) throws Refused {
        SsoSettings.Sso sso = settings.of(organisationId).orElseThrow(() -> new Refused(Refusal.NOT_CONFIGURED));
        OidcClient.Discovery provider = discover(sso);
        Pending pending = new Pending(
                organisationId,
                Secrets.random(32),
                Secrets.random(32),
                Secrets.random(32),
                redirectUri,
                Instant.now().toEpochMilli());
        String challenge = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(Secrets.sha256(pending.verifier().getBytes(StandardCharsets.US_ASCII)));
        // Values go in as URI variables, so encode() escapes every reserved character in them.
        String url = UriComponentsBuilder.fromUriString(provider.authorizationEndpoint())
                .queryParam("response_type", "code")
                .queryParam("client_id", "{client_id}")
                .queryParam("redirect_uri", "{redirect_uri}")
                .queryParam("scope", "openid email")
                .queryParam("state", "{state}")
                .queryParam("nonce", "{nonce}")
                .queryParam("code_challenge", "{code_challenge}")
                .queryParam("code_challenge_method", "S256")
                .encode()
                .buildAndExpand(java.util.Map.of(
                        "client_id", sso.clientId(),
                        "redirect_uri", redirectUri,
                        "state", pending.state(),
                        "nonce", pending.nonce(),
                        "code_challenge", challenge))
                .toUriString();
        return new Started(pending, url);
    }

    /**
     * The callback: the state must be the one this browser's session started with (else the answer
     * belongs to another browser, or is forged), the code is exchanged with the PKCE verifier, and the
     * ID token is verified before its address is matched to a user.
     */
    PortalUser finish(Optional<Pending> started, String state, String code, String error) throws Refused {
        Instant now = Instant.now();
        if (started.isEmpty()
                || !started.get().fresh(now)
                || state == null
                || !Secrets.constantTimeEquals(state, started.get().state())) {
            throw refused(started.map(Pending::organisationId).orElse(null), Refusal.STATE);
        }
        Pending pending = started.get();
        UUID organisationId = pending.organisationId();
        if (error != null || code == null || code.isEmpty() || code.length() > 2048) {
            throw refused(organisationId, Refusal.PROVIDER);
        }
        SsoSettings.Sso sso =
                settings.of(organisationId).orElseThrow(() -> refused(organisationId, Refusal.NOT_CONFIGURED));
        OidcClient.Discovery provider = discover(sso);
        IdTokens.Identity identity;
        try {
            String idToken = client.exchange(
                    provider,
                    sso.clientId(),
                    settings.clientSecret(sso),
                    code,
                    pending.redirectUri(),
                    pending.verifier());
            JWKSet keys = client.keys(provider);
            identity = IdTokens.validate(idToken, keys, sso.issuer(), sso.clientId(), pending.nonce(), now);
        } catch (OidcClient.Failed e) {
            log.info("Portal sign-on of organisation {}: the provider failed: {}", organisationId, e.getMessage());
            throw refused(organisationId, Refusal.PROVIDER);
        } catch (IdTokens.Refused e) {
            throw refused(organisationId, Refusal.valueOf(e.reason.name()));
        }
        return user(sso, identity.email());
    }

    private PortalUser user(SsoSettings.Sso sso, String address) throws Refused {
        UUID organisationId = sso.organisationId();
        String email = PortalUsers.normalise(address);
        int at = email.lastIndexOf('@');
        if (email.length() > 320 || at < 1 || !sso.domains().contains(email.substring(at + 1))) {
            throw refused(organisationId, Refusal.DOMAIN);
        }
        Optional<PortalUser> known = users.byEmail(email);
        if (known.isPresent()) {
            if (!known.get().organisationId().equals(organisationId)) {
                throw refused(organisationId, Refusal.OTHER_ORGANISATION);
            }
            if (!known.get().active()) {
                throw refused(organisationId, Refusal.DEACTIVATED);
            }
            return known.get();
        }
        Role role = sso.unknownUsers().role().orElseThrow(() -> refused(organisationId, Refusal.UNKNOWN_USER));
        try {
            UUID id = users.create(organisationId, email, role, null);
            log.info("Portal sign-on of organisation {} made user {} ({})", organisationId, id, role.key());
            return users.find(id).orElseThrow();
        } catch (DuplicateKeyException raced) {
            throw refused(organisationId, Refusal.OTHER_ORGANISATION);
        }
    }

    private OidcClient.Discovery discover(SsoSettings.Sso sso) throws Refused {
        try {
            OidcClient.Discovery provider = client.discover(sso.issuer());
            if (!provider.issuer().equals(sso.issuer())) {
                throw new OidcClient.Failed("The provider now names another issuer.");
            }
            return provider;
        } catch (OidcClient.Failed e) {
            log.info("Portal sign-on of organisation {}: discovery failed: {}", sso.organisationId(), e.getMessage());
            throw new Refused(Refusal.PROVIDER);
        }
    }

    private static Refused refused(UUID organisationId, Refusal reason) {
        log.info("Portal sign-on of organisation {} refused: {}", organisationId, reason);
        return new Refused(reason);
    }
}
