package dev.signet.account;

import dev.signet.web.ErrorResponses;
import dev.signet.web.RequestBodyLimit;
import dev.signet.web.SecurityLayer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Set;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AuthenticationEntryPointFailureHandler;
import org.springframework.security.web.authentication.AuthenticationFilter;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;

/**
 * The sender API ({@code /v2/**}): a bearer key on every call, no session. The recipient API
 * ({@code /v2/signing/**}, the signing pages' chain, tried first) and the public CA certificates
 * ({@code /v2/ca/**}) need no key.
 */
@Configuration(proxyBeanMethods = false)
class ApiSecurity {

    private static final Set<String> KEY_PARAMETERS = Set.of("api_key", "apikey", "key", "access_token", "token");
    private static final String PUBLIC = "/v2/ca/**";

    @Bean
    @Order(SecurityLayer.SENDER_API)
    SecurityFilterChain senderApi(HttpSecurity http, SecurityLayer layer, AccountService accounts) throws Exception {
        AuthenticationFilter keys =
                new AuthenticationFilter(new ProviderManager(new ApiKeyProvider(accounts)), ApiSecurity::presentedKey);
        keys.setRequestMatcher(new NegatedRequestMatcher(SecurityLayer.paths(PUBLIC)));
        // Authenticated: carry on to the controller (the default would redirect, as after a login form).
        keys.setSuccessHandler((request, response, authentication) -> {});
        keys.setFailureHandler(new AuthenticationEntryPointFailureHandler(ApiSecurity::unauthorised));
        return layer.apply(http)
                .securityMatcher(SecurityLayer.paths("/v2/**"))
                .authorizeHttpRequests(a -> a.requestMatchers(SecurityLayer.paths(PUBLIC))
                        .permitAll()
                        .anyRequest()
                        .authenticated())
                .addFilterBefore(keys, AuthorizationFilter.class)
                .exceptionHandling(e -> e.authenticationEntryPoint(ApiSecurity::unauthorised))
                // A bearer key is never sent by a browser on its own, so there is nothing to forge.
                .csrf(c -> c.disable())
                .build();
    }

    /** The envelope's files: Signet checks its 20 MB itself (413 with a sentence); this is the ceiling. */
    @Bean
    RequestBodyLimit envelopeUpload() {
        return RequestBodyLimit.of(HttpMethod.POST, "/v2/envelopes", 25 * RequestBodyLimit.MB);
    }

    @Bean
    RequestBodyLimit verifyUpload() {
        return RequestBodyLimit.of(HttpMethod.POST, "/v2/verify", 25 * RequestBodyLimit.MB);
    }

    /** The key from {@code Authorization: Bearer}; null when there is none (the request stays anonymous). */
    private static ApiKeyAuthentication presentedKey(HttpServletRequest request) {
        if (keyInQuery(request.getQueryString())) {
            // A key in a URL ends up in proxy logs and browser history; refuse it even when it is valid.
            throw new KeyInQuery();
        }
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return ApiKeyAuthentication.presented(header.substring(7).trim());
    }

    private static boolean keyInQuery(String query) {
        return query != null
                && Arrays.stream(query.split("&"))
                        .map(pair -> URLDecoder.decode(pair.split("=", 2)[0], StandardCharsets.UTF_8))
                        .anyMatch(KEY_PARAMETERS::contains);
    }

    private static void unauthorised(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        if (e instanceof KeyInQuery) {
            ErrorResponses.send(
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "KEY_IN_QUERY",
                    "Send the API key in the Authorization header, never in the URL");
        } else {
            ErrorResponses.send(
                    response,
                    HttpStatus.UNAUTHORIZED,
                    "UNAUTHORIZED",
                    "A valid API key is required: Authorization: Bearer sk_…");
        }
    }

    private static final class KeyInQuery extends AuthenticationException {
        KeyInQuery() {
            super("API key in the query string");
        }
    }
}
