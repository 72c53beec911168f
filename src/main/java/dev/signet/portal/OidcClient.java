package dev.signet.portal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.jwk.JWKSet;
import dev.signet.SignetProperties;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Duration;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * Signet's side of talking to an organisation's OpenID provider (OpenID Connect Discovery 1.0 and
 * Core 1.0, section 3.1): its discovery document, its JWK set, and the token request that turns an
 * authorization code into an ID token. The provider's address is an organisation admin's choice,
 * so every request is bounded (time, body size, no redirects) and, outside embedded mode, goes only
 * over https to public addresses, unless the operator trusts the host ({@link SsoProperties}).
 */
@Component
class OidcClient {

    static final int MAX_BODY = 256 * 1024;
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    static final int MAX_KEYS = 20;

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

    private final boolean embedded;
    private final Set<String> trusted;
    private final HttpClient http;

    OidcClient(SignetProperties signet, SsoProperties properties) {
        this.embedded = signet.embedded();
        this.trusted = properties.internalIssuers().stream()
                .filter(h -> !h.isBlank())
                .map(h -> h.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Why this URL cannot be a provider's address, judged without DNS; empty when it can. */
    Optional<String> problem(String url) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (java.net.URISyntaxException e) {
            return Optional.of("is not a URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || uri.getUserInfo() != null || !(scheme.equals("https") || scheme.equals("http"))) {
            return Optional.of("must be an absolute https URL without user information");
        }
        if (scheme.equals("http") && !relaxed(uri)) {
            return Optional.of("must be an https URL");
        }
        return Optional.empty();
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
        HttpRequest.Builder request = HttpRequest.newBuilder(target(provider.tokenEndpoint()))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()));
        if (!provider.secretInBody()) {
            String pair = encode(clientId) + ":" + encode(clientSecret);
            request.header(
                    "Authorization",
                    "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        String body = send(request.build(), "token endpoint");
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
        return send(
                HttpRequest.newBuilder(target(url))
                        .timeout(TIMEOUT)
                        .header("Accept", "application/json")
                        .GET()
                        .build(),
                what);
    }

    private String send(HttpRequest request, String what) throws Failed {
        try {
            HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream in = response.body()) {
                byte[] bytes = in.readNBytes(MAX_BODY + 1);
                if (bytes.length > MAX_BODY) {
                    throw new Failed("The provider's " + what + " is larger than " + MAX_BODY / 1024 + " KB.");
                }
                if (response.statusCode() != 200) {
                    throw new Failed("The provider's " + what + " answered HTTP " + response.statusCode() + ".");
                }
                return new String(bytes, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new Failed("The provider's " + what + " could not be reached.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Failed("Interrupted while asking the provider.");
        }
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

    /**
     * The URL, once its host resolves to public addresses only (or is trusted). The connection then
     * resolves the name again; a provider's DNS could answer differently in between, which the
     * webhook dispatcher guards against by connecting to the checked address, and this client does
     * not (its answers are parsed as JSON and never shown).
     */
    private URI target(String url) throws Failed {
        Optional<String> problem = problem(url);
        if (problem.isPresent()) {
            throw new Failed("A provider address " + problem.get() + ".");
        }
        URI uri = URI.create(url);
        if (relaxed(uri)) {
            return uri;
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(host(uri));
        } catch (UnknownHostException e) {
            throw new Failed("The provider's host does not resolve.");
        }
        for (InetAddress address : addresses) {
            if (internal(address)) {
                throw new Failed("The provider's host is a private, loopback or link-local address.");
            }
        }
        return uri;
    }

    private boolean relaxed(URI uri) {
        return embedded || trusted.contains(host(uri));
    }

    private static String host(URI uri) {
        String host = uri.getHost().toLowerCase(Locale.ROOT);
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    /** Loopback, unspecified, link-local (cloud metadata), private, multicast, CGNAT and unique-local addresses. */
    static boolean internal(InetAddress a) {
        if (a.isLoopbackAddress()
                || a.isAnyLocalAddress()
                || a.isLinkLocalAddress()
                || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return true;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first == 0 || (first == 100 && second >= 64 && second < 128) || first >= 240;
        }
        boolean mapped = true;
        for (int i = 0; i < 10; i++) {
            mapped &= b[i] == 0;
        }
        if (mapped && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) {
            try {
                return internal(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
            } catch (UnknownHostException e) {
                return true;
            }
        }
        return (b[0] & 0xfe) == 0xfc;
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
