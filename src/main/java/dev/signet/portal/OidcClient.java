package dev.signet.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import dev.signet.SignetProperties;
import dev.signet.notification.outbound.Destinations;
import dev.signet.notification.outbound.PinnedHttp;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Signet's side of talking to an organisation's OpenID provider (OpenID Connect Discovery 1.0 and
 * Core 1.0, section 3.1): its discovery document, its JWK set, and the token request that turns an
 * authorization code into an ID token. The provider's address is an organisation admin's choice,
 * so every request is bounded (time, body size, no redirects) and, outside embedded mode, goes only
 * over https to public addresses, unless the operator trusts the host ({@link SsoProperties}). The
 * requests go through {@link PinnedHttp}, as webhooks do: to the address that was checked, so a
 * provider's DNS cannot answer a public address to the check and an internal one to the connection.
 */
@Component
class OidcClient {

    static final int MAX_BODY = 256 * 1024;
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_KEYS = 20;
    /** What is read of an answer's status line and headers. */
    private static final int MAX_HEAD = 32 * 1024;

    /** What Signet needs from a provider's discovery document. */
    record Discovery(
            String issuer, String authorizationEndpoint, String tokenEndpoint, String jwksUri, boolean secretInBody) {}

    /** A provider that cannot be used; the message is for an admin and never quotes what the provider sent. */
    static final class Failed extends Exception {
        Failed(String message) {
            super(message);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Destinations destinations;
    private final PinnedHttp http;

    @Autowired
    OidcClient(SignetProperties signet, SsoProperties properties) {
        this(signet.embedded(), properties.internalIssuers(), InetAddress::getAllByName, Duration.ofSeconds(5));
    }

    /** With a name resolution of the caller's, for tests that stand in for a provider's DNS. */
    OidcClient(
            boolean embedded,
            Collection<String> trustedHosts,
            Destinations.Resolver resolver,
            Duration connectTimeout) {
        this.destinations = new Destinations(embedded, trustedHosts, resolver);
        this.http = new PinnedHttp(destinations, connectTimeout, TIMEOUT, MAX_HEAD, "Signet-SSO/1");
    }

    /** Why this URL cannot be a provider's address, judged without DNS; empty when it can. */
    Optional<String> problem(String url) {
        return destinations.problemWithoutDns(url);
    }

    /**
     * Reads the issuer's discovery document. The document must name the same issuer (Discovery 1.0,
     * section 4.3: otherwise a provider could speak for another); a trailing slash typed or left out
     * by the admin is forgiven, and the issuer the document states is the one returned.
     */
    Discovery discover(String issuer) throws Failed {
        Optional<String> problem = problem(issuer);
        if (problem.isPresent()) {
            throw new Failed("The issuer " + problem.get() + ".");
        }
        URI uri = URI.create(issuer);
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new Failed("The issuer must have no query or fragment.");
        }
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        JsonNode doc = getJson(base + "/.well-known/openid-configuration", "discovery document");
        String stated = doc.path("issuer").asText("");
        if (!stated.equals(issuer) && !stated.equals(base) && !stated.equals(base + "/")) {
            throw new Failed("The discovery document names another issuer.");
        }
        String authorization = endpoint(doc, "authorization_endpoint");
        String token = endpoint(doc, "token_endpoint");
        String jwks = endpoint(doc, "jwks_uri");
        if (doc.has("response_types_supported") && !contains(doc.get("response_types_supported"), "code")) {
            throw new Failed("The provider does not offer the authorization code flow.");
        }
        if (doc.has("id_token_signing_alg_values_supported")
                && !contains(doc.get("id_token_signing_alg_values_supported"), "RS256")
                && !contains(doc.get("id_token_signing_alg_values_supported"), "ES256")) {
            throw new Failed("The provider signs ID tokens with neither RS256 nor ES256.");
        }
        JsonNode methods = doc.path("token_endpoint_auth_methods_supported");
        boolean inBody = methods.isArray()
                && !contains(methods, "client_secret_basic")
                && contains(methods, "client_secret_post");
        return new Discovery(stated, authorization, token, jwks, inBody);
    }

    /** The provider's signing keys, at most {@link #MAX_KEYS} of them. */
    JWKSet keys(Discovery provider) throws Failed {
        String body = get(provider.jwksUri(), "JWK set");
        try {
            JWKSet set = JWKSet.parse(body);
            if (set.getKeys().size() > MAX_KEYS) {
                throw new Failed("The provider's JWK set holds more than " + MAX_KEYS + " keys.");
            }
            return set;
        } catch (ParseException e) {
            throw new Failed("The provider's JWK set is not valid.");
        }
    }

    /**
     * The token request of the authorization code flow with PKCE (RFC 7636): the client authenticates
     * with its secret (HTTP Basic, RFC 6749 section 2.3.1, or in the body where the provider offers only
     * that). Returns the ID token as received, not yet verified.
     */
    String exchange(
            Discovery provider, String clientId, String clientSecret, String code, String redirectUri, String verifier)
            throws Failed {
        StringBuilder form = new StringBuilder();
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        fields.put("grant_type", "authorization_code");
        fields.put("code", code);
        fields.put("redirect_uri", redirectUri);
        fields.put("code_verifier", verifier);
        if (provider.secretInBody()) {
            fields.put("client_id", clientId);
            fields.put("client_secret", clientSecret);
        }
        fields.forEach((k, v) -> form.append(form.isEmpty() ? "" : "&")
                .append(encode(k))
                .append('=')
                .append(encode(v)));
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", "application/x-www-form-urlencoded");
        headers.put("Accept", "application/json");
        if (!provider.secretInBody()) {
            String pair = encode(clientId) + ":" + encode(clientSecret);
            headers.put(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        PinnedHttp.Request request = PinnedHttp.Request.post(
                provider.tokenEndpoint(), headers, form.toString().getBytes(StandardCharsets.UTF_8));
        String body = send(request, "token endpoint");
        JsonNode answer = parse(body, "token response");
        JsonNode idToken = answer.path("id_token");
        if (!idToken.isTextual() || idToken.asText().length() > MAX_BODY) {
            throw new Failed("The token response holds no ID token.");
        }
        return idToken.asText();
    }

    private String endpoint(JsonNode doc, String name) throws Failed {
        JsonNode value = doc.path(name);
        if (!value.isTextual()) {
            throw new Failed("The discovery document has no " + name + ".");
        }
        Optional<String> problem = problem(value.asText());
        if (problem.isPresent()) {
            throw new Failed("The " + name + " " + problem.get() + ".");
        }
        return value.asText();
    }

    private JsonNode getJson(String url, String what) throws Failed {
        return parse(get(url, what), what);
    }

    private String get(String url, String what) throws Failed {
        return send(PinnedHttp.Request.get(url, Map.of("Accept", "application/json")), what);
    }

    private String send(PinnedHttp.Request request, String what) throws Failed {
        PinnedHttp.Response response;
        try {
            response = http.exchange(request, MAX_BODY);
        } catch (Destinations.Refused refused) {
            throw new Failed("The provider's address " + refused.reason() + ".");
        } catch (PinnedHttp.TooLarge e) {
            throw new Failed("The provider's " + what + " is larger than " + MAX_BODY / 1024 + " KB.");
        } catch (IOException e) {
            throw new Failed("The provider's " + what + " could not be reached.");
        }
        if (response.status() != 200) {
            throw new Failed("The provider's " + what + " answered HTTP " + response.status() + ".");
        }
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    private static JsonNode parse(String body, String what) throws Failed {
        try {
            JsonNode node = JSON.readTree(body);
            if (node == null || !node.isObject()) {
                throw new Failed("The provider's " + what + " is not a JSON object.");
            }
            return node;
        } catch (IOException e) {
            throw new Failed("The provider's " + what + " is not JSON.");
        }
    }

    private static boolean contains(JsonNode array, String value) {
        if (!array.isArray()) {
            return false;
        }
        for (JsonNode item : array) {
            if (value.equals(item.asText())) {
                return true;
            }
        }
        return false;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
