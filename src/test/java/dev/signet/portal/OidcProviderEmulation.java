package dev.signet.portal;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An OpenID provider as OpenID Connect Core 1.0 (section 3.1) and Discovery 1.0 describe one, on a
 * JDK HttpServer on 127.0.0.1: the discovery document, its JWK set, an authorization endpoint that
 * "signs in" the person the test chose and redirects back with a code, and a token endpoint that
 * checks the client's secret (HTTP Basic), the code (once), the redirect URI and the PKCE verifier
 * (RFC 7636, S256) before it returns an ID token signed with RS256. A {@link Fault} makes it answer
 * the way a broken or hostile provider would.
 */
final class OidcProviderEmulation implements AutoCloseable {

    /** What the provider gets wrong on purpose in its next answers. */
    enum Fault {
        NONE,
        WRONG_NONCE,
        WRONG_AUDIENCE,
        WRONG_ISSUER,
        EXPIRED,
        BAD_SIGNATURE,
        STATE_MISMATCH
    }

    private record Grant(
            String clientId, String redirectUri, String nonce, String challenge, String email, boolean verified) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(2);
    private final RSAKey key;
    private final RSAKey impostor;
    private final Map<String, String> secrets = new ConcurrentHashMap<>();
    private final Map<String, Grant> codes = new ConcurrentHashMap<>();
    private final List<String> tokenRefusals = new CopyOnWriteArrayList<>();
    private volatile String email;
    private volatile boolean verified = true;
    private volatile Fault fault = Fault.NONE;

    final String issuer;

    private OidcProviderEmulation() throws IOException, JOSEException {
        key = new RSAKeyGenerator(2048)
                .keyID("emulated-1")
                .keyUse(KeyUse.SIGNATURE)
                .generate();
        // Same kid, another key pair: a token it signs names the provider's key but is not the provider's.
        impostor = new RSAKeyGenerator(2048)
                .keyID("emulated-1")
                .keyUse(KeyUse.SIGNATURE)
                .generate();
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/jwks", this::jwks);
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.setExecutor(threads);
        server.start();
    }

    static OidcProviderEmulation start() {
        try {
            return new OidcProviderEmulation();
        } catch (IOException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A client (relying party) the provider knows. */
    void register(String clientId, String clientSecret) {
        secrets.put(clientId, clientSecret);
    }

    /** The person who signs in at the provider next, and whether the provider has verified their address. */
    void signInAs(String address, boolean addressVerified) {
        this.email = address;
        this.verified = addressVerified;
    }

    void fault(Fault next) {
        this.fault = next;
    }

    /** Why the token endpoint refused requests so far (wrong secret, code, redirect URI or verifier). */
    List<String> tokenRefusals() {
        return List.copyOf(tokenRefusals);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void discovery(HttpExchange exchange) throws IOException {
        ObjectNode doc = JSON.createObjectNode();
        doc.put("issuer", issuer);
        doc.put("authorization_endpoint", issuer + "/authorize");
        doc.put("token_endpoint", issuer + "/token");
        doc.put("jwks_uri", issuer + "/jwks");
        doc.putArray("response_types_supported").add("code");
        doc.putArray("subject_types_supported").add("public");
        doc.putArray("id_token_signing_alg_values_supported").add("RS256");
        doc.putArray("code_challenge_methods_supported").add("S256");
        doc.putArray("token_endpoint_auth_methods_supported").add("client_secret_basic");
        doc.putArray("scopes_supported").add("openid").add("email");
        respond(exchange, 200, "application/json", doc.toString());
    }

    private void jwks(HttpExchange exchange) throws IOException {
        respond(exchange, 200, "application/json", new JWKSet(key.toPublicJWK()).toString());
    }

    /** Signs the chosen person in at once and sends the browser back with a code, as a provider does after its login. */
    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> q = form(exchange.getRequestURI().getRawQuery());
        String redirect = q.get("redirect_uri");
        if (!"code".equals(q.get("response_type"))
                || !secrets.containsKey(q.get("client_id"))
                || redirect == null
                || q.get("state") == null
                || q.get("nonce") == null
                || !"S256".equals(q.get("code_challenge_method"))
                || q.get("code_challenge") == null
                || !List.of(q.getOrDefault("scope", "").split(" ")).contains("openid")) {
            respond(exchange, 400, "text/plain", "invalid authorization request");
            return;
        }
        String code = UUID.randomUUID().toString();
        codes.put(
                code,
                new Grant(q.get("client_id"), redirect, q.get("nonce"), q.get("code_challenge"), email, verified));
        String state = fault == Fault.STATE_MISMATCH ? "a-state-this-browser-never-had" : q.get("state");
        exchange.getResponseHeaders()
                .add(
                        "Location",
                        redirect + (redirect.contains("?") ? "&" : "?") + "code=" + encode(code) + "&state="
                                + encode(state));
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> f =
                form(new String(exchange.getRequestBody().readNBytes(64 * 1024), StandardCharsets.UTF_8));
        String client = client(exchange.getRequestHeaders().getFirst("Authorization"));
        if (client == null) {
            refuse(exchange, 401, "invalid_client");
            return;
        }
        Grant grant = codes.remove(f.getOrDefault("code", ""));
        if (!"POST".equals(exchange.getRequestMethod())
                || !"authorization_code".equals(f.get("grant_type"))
                || grant == null
                || !grant.clientId().equals(client)
                || !grant.redirectUri().equals(f.get("redirect_uri"))) {
            refuse(exchange, 400, "invalid_grant");
            return;
        }
        String verifier = f.getOrDefault("code_verifier", "");
        if (!grant.challenge().equals(s256(verifier))) {
            refuse(exchange, 400, "invalid_grant (PKCE)");
            return;
        }
        ObjectNode answer = JSON.createObjectNode();
        answer.put("access_token", UUID.randomUUID().toString());
        answer.put("token_type", "Bearer");
        answer.put("expires_in", 300);
        answer.put("id_token", idToken(grant));
        respond(exchange, 200, "application/json", answer.toString());
    }

    private String idToken(Grant grant) {
        Instant now = Instant.now();
        Instant issued = fault == Fault.EXPIRED ? now.minus(Duration.ofMinutes(20)) : now;
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder()
                .issuer(fault == Fault.WRONG_ISSUER ? "http://127.0.0.1:1/another-issuer" : issuer)
                .subject("subject-" + grant.email().hashCode())
                .audience(fault == Fault.WRONG_AUDIENCE ? "another-application" : grant.clientId())
                .issueTime(Date.from(issued))
                .expirationTime(Date.from(issued.plus(Duration.ofMinutes(5))))
                .claim("nonce", fault == Fault.WRONG_NONCE ? "a-nonce-of-another-sign-in" : grant.nonce())
                .claim("email", grant.email())
                .claim("email_verified", grant.verified());
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .build(),
                    claims.build());
            jwt.sign(new RSASSASigner(fault == Fault.BAD_SIGNATURE ? impostor : key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The client id when HTTP Basic carries a registered client's right secret (RFC 6749, section 2.3.1). */
    private String client(String authorization) {
        if (authorization == null || !authorization.startsWith("Basic ")) {
            return null;
        }
        String pair = new String(Base64.getDecoder().decode(authorization.substring(6)), StandardCharsets.UTF_8);
        int colon = pair.indexOf(':');
        if (colon < 0) {
            return null;
        }
        String id = URLDecoder.decode(pair.substring(0, colon), StandardCharsets.UTF_8);
        String secret = URLDecoder.decode(pair.substring(colon + 1), StandardCharsets.UTF_8);
        return secret.equals(secrets.get(id)) ? id : null;
    }

    private void refuse(HttpExchange exchange, int status, String error) throws IOException {
        tokenRefusals.add(error);
        respond(
                exchange,
                status,
                "application/json",
                JSON.createObjectNode().put("error", error).toString());
    }

    private static String s256(String verifier) {
        try {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(
                            MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> fields = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return fields;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return fields;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", type);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
