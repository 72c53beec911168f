package dev.signet.ops;

import dev.signet.SignetProperties;
import dev.signet.web.ErrorResponses;
import dev.signet.web.RequestBodyLimit;
import dev.signet.web.SecurityLayer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.camunda.bpm.engine.IdentityService;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.security.authentication.ProviderManager;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/**
 * The operators' doors. {@code /engine-rest}: HTTP Basic of a Camunda user, checked by the engine
 * (so its growing delay after wrong passwords applies), and the call runs as that user, so
 * authorizations decide what they may do. Cockpit ({@code /camunda}): Camunda's own login, session
 * and CSRF token; this chain only keeps the first-admin setup shut unless it is asked for.
 */
@Configuration(proxyBeanMethods = false)
class OperationsSecurity {

    static final String SETUP_API = "/camunda/api/admin/setup/**";
    static final String SETUP_PAGE = "/camunda/app/admin/*/setup/**";

    @Bean
    @Order(SecurityLayer.ENGINE_REST)
    SecurityFilterChain engineRest(HttpSecurity http, SecurityLayer layer, IdentityService identity) throws Exception {
        return layer.apply(http)
                .securityMatcher(SecurityLayer.paths("/engine-rest/**"))
                .authorizeHttpRequests(a -> a.anyRequest().authenticated())
                .authenticationManager(new ProviderManager(new CamundaUserProvider(identity)))
                .httpBasic(b -> b.authenticationEntryPoint(OperationsSecurity::basicChallenge))
                .exceptionHandling(e -> e.authenticationEntryPoint(OperationsSecurity::basicChallenge))
                .addFilterAfter(new CamundaAuthentication(identity), AuthorizationFilter.class)
                // Credentials come with each call (no cookie of Signet's), and browsers are not its clients.
                .csrf(c -> c.disable())
                .build();
    }

    @Bean
    @Order(SecurityLayer.COCKPIT)
    SecurityFilterChain cockpit(HttpSecurity http, SecurityLayer layer, SignetProperties properties) throws Exception {
        return layer.apply(http)
                .securityMatcher(SecurityLayer.paths("/camunda/**"))
                .authorizeHttpRequests(a -> {
                    if (!properties.adminSetupOpen()) {
                        // Without an admin, Camunda lets anyone create the first one: that is a takeover.
                        a.requestMatchers(SecurityLayer.paths(SETUP_API, SETUP_PAGE))
                                .denyAll();
                    }
                    a.anyRequest().permitAll();
                })
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> setupClosed(response))
                        .accessDeniedHandler((request, response, ex) -> setupClosed(response)))
                // Camunda's webapp sends its own security headers and checks its own CSRF token.
                .headers(h -> h.disable())
                .csrf(c -> c.disable())
                .build();
    }

    /** Deployments and variables through the engine's API or Cockpit may carry files; only operators get this far. */
    @Bean
    RequestBodyLimit engineBodies() {
        return RequestBodyLimit.of(null, "/engine-rest/**", 25 * RequestBodyLimit.MB);
    }

    @Bean
    RequestBodyLimit cockpitEngineBodies() {
        return RequestBodyLimit.of(null, "/camunda/api/engine/**", 25 * RequestBodyLimit.MB);
    }

    private static void basicChallenge(
            HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"Signet engine\", charset=\"UTF-8\"");
        ErrorResponses.send(
                response,
                HttpStatus.UNAUTHORIZED,
                "UNAUTHORIZED",
                "The engine's REST API needs HTTP Basic with a Camunda user");
    }

    private static void setupClosed(HttpServletResponse response) throws IOException {
        ErrorResponses.send(
                response,
                HttpStatus.FORBIDDEN,
                "SETUP_CLOSED",
                "Camunda's first-admin setup is closed: set SIGNET_ADMIN_PASSWORD (see README)");
    }
}
