package dev.signet.web;

import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configurers.HeadersConfigurer;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.session.DisableEncodeUrlFilter;
import org.springframework.security.web.util.matcher.OrRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.stereotype.Component;

/**
 * What every door of Signet shares. Each feature declares the {@code SecurityFilterChain} of its own
 * routes (the sender API in {@code account}, the signing pages in {@code signing}, Cockpit and
 * {@code /engine-rest} in {@code ops}, the public rest in {@link WebSecurity}) and starts it with
 * {@link #apply}. Spring Security's firewall has refused any path that is not in canonical form
 * (path parameters, encoded slashes, dot segments) before a chain is chosen, so chains match the
 * same normalised path that Spring MVC routes.
 */
@Component
public class SecurityLayer {

    /** Chains are tried in this order; the first whose routes match the request is the only one to run. */
    public static final int SIGNING_PAGES = 10;

    public static final int ENGINE_REST = 20;
    public static final int COCKPIT = 30;
    public static final int SENDER_API = 40;
    public static final int API_DOCS = 45;
    public static final int PORTAL = 47;
    public static final int PUBLIC_PAGES = 50;

    /**
     * No inline script or style attribute, nothing from another host; pdf.js runs its worker from
     * Signet and gets no eval. data: and blob: images are the signer's own drawing or upload.
     */
    public static final String PAGE_CSP = "default-src 'self'; script-src 'self'; style-src 'self'; "
            + "img-src 'self' data: blob:; font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private final BodyLimitFilter bodyLimits;

    /**
     * Routes by their path within the application, whichever servlet serves them (Spring MVC,
     * Camunda's REST API, Cockpit): a pattern relative to one servlet would miss the others.
     */
    public static RequestMatcher paths(String... patterns) {
        return paths(null, patterns);
    }

    public static RequestMatcher paths(HttpMethod method, String... patterns) {
        PathPatternRequestMatcher.Builder builder = PathPatternRequestMatcher.withDefaults();
        return new OrRequestMatcher(Arrays.stream(patterns)
                .map(p -> (RequestMatcher) builder.matcher(method, p))
                .toList());
    }

    SecurityLayer(List<RequestBodyLimit> limits) {
        this.bodyLimits = new BodyLimitFilter(limits);
    }

    /**
     * Bounds the request body before any other filter can read it, and keeps the chain stateless:
     * no session, no saved request, no login page; a chain adds the authentication its routes need.
     */
    public HttpSecurity apply(HttpSecurity http) throws Exception {
        return http.addFilterBefore(bodyLimits, DisableEncodeUrlFilter.class)
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .requestCache(c -> c.disable())
                .formLogin(f -> f.disable())
                .logout(l -> l.disable())
                .anonymous(Customizer.withDefaults());
    }

    /**
     * Bounds the request body like {@link #apply}, for the one door that keeps a session (the sender
     * portal): that chain states its own session, login and logout handling.
     */
    public HttpSecurity applyWithSession(HttpSecurity http) throws Exception {
        return http.addFilterBefore(bodyLimits, DisableEncodeUrlFilter.class)
                .requestCache(c -> c.disable())
                .anonymous(Customizer.withDefaults());
    }

    /**
     * The headers of Signet's own pages. The token of a signing link is in its URL: no Referer may
     * carry it to another site. "same-origin" rather than "no-referrer", because with no-referrer
     * browsers send "Origin: null" on the page's own form POST. Caching is each page's own choice.
     */
    public static void pageHeaders(HeadersConfigurer<HttpSecurity> headers) {
        headers.contentSecurityPolicy(csp -> csp.policyDirectives(PAGE_CSP))
                .frameOptions(f -> f.deny())
                .contentTypeOptions(Customizer.withDefaults())
                .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN))
                .cacheControl(c -> c.disable());
    }
}
