package dev.signet.signing;

import dev.signet.SignetProperties;
import dev.signet.tagging.AttachmentValue;
import dev.signet.web.ErrorResponses;
import dev.signet.web.RequestBodyLimit;
import dev.signet.web.SecurityLayer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.URI;
import java.util.Set;
import java.util.function.Supplier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.csrf.CsrfToken;
import org.springframework.security.web.csrf.CsrfTokenRepository;
import org.springframework.security.web.csrf.CsrfTokenRequestHandler;
import org.springframework.security.web.csrf.DefaultCsrfToken;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * The signing pages ({@code /sign/**}, their assets) and the recipient API ({@code /v2/signing/**}):
 * open to whoever holds a link's token, with the pages' headers and a same-origin rule.
 *
 * <p>CSRF: there is no session or cookie; the token in the path is the credential, and another site
 * cannot know it. The JSON API also needs {@code Content-Type: application/json}, which a foreign
 * page can only send after a CORS preflight that Signet never grants. The one form POST (asking for
 * a new link) is a "simple" request, so every POST from a browser must come from Signet's own
 * origin: browsers send {@code Origin} on every POST, and {@code Sec-Fetch-Site} where they support
 * it. Programs that send neither header (integrations, curl) pass, as they forge nothing. Spring
 * Security's CSRF filter enforces it: a cross-origin unsafe request needs a CSRF token, and no
 * token is ever issued, so it is refused.
 */
@Configuration(proxyBeanMethods = false)
class PageSecurity {

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    @Bean
    @Order(SecurityLayer.SIGNING_PAGES)
    SecurityFilterChain signingPageChain(HttpSecurity http, SecurityLayer layer, SignetProperties properties)
            throws Exception {
        return layer.apply(http)
                .securityMatcher(SecurityLayer.paths("/sign/**", "/signing/**", "/v2/signing/**", "/webjars/**"))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .headers(SecurityLayer::pageHeaders)
                .csrf(c -> c.requireCsrfProtectionMatcher(new CrossOrigin(origin(URI.create(properties.publicUrl()))))
                        .csrfTokenRepository(new NoTokens())
                        .csrfTokenRequestHandler(new NoTokens()))
                .exceptionHandling(e -> e.accessDeniedHandler((request, response, denied) -> ErrorResponses.send(
                        response,
                        HttpStatus.FORBIDDEN,
                        "CROSS_ORIGIN_REQUEST",
                        "This request must come from Signet's own signing page")))
                .build();
    }

    /**
     * The embedded signing pages ({@code /embedded/sign/{token}}): the pages' headers, except that
     * the page itself says who may frame it ({@code SigningPages#embeddedPage}: the organisation's
     * allowed origins, else no one); a response that says nothing, such as an error, gets the pages'
     * policy, which lets no one frame it. They take no unsafe request at all: the page posts to the
     * recipient API like {@code /sign/{token}} does.
     */
    @Bean
    @Order(SecurityLayer.SIGNING_PAGES - 1)
    SecurityFilterChain embeddedPageChain(HttpSecurity http, SecurityLayer layer) throws Exception {
        return layer.apply(http)
                .securityMatcher(SecurityLayer.paths("/embedded/**"))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .headers(h -> h.defaultsDisabled()
                        .contentTypeOptions(Customizer.withDefaults())
                        .referrerPolicy(r -> r.policy(ReferrerPolicy.SAME_ORIGIN))
                        .addHeaderWriter((request, response) -> {
                            if (!response.containsHeader("Content-Security-Policy")) {
                                response.setHeader("Content-Security-Policy", SecurityLayer.PAGE_CSP);
                                response.setHeader("X-Frame-Options", "DENY");
                            }
                        }))
                .csrf(c -> c.requireCsrfProtectionMatcher(request -> !SAFE_METHODS.contains(request.getMethod()))
                        .csrfTokenRepository(new NoTokens())
                        .csrfTokenRequestHandler(new NoTokens()))
                .exceptionHandling(e -> e.accessDeniedHandler((request, response, denied) -> ErrorResponses.send(
                        response,
                        HttpStatus.FORBIDDEN,
                        "CROSS_ORIGIN_REQUEST",
                        "The embedded signing pages take no such request")))
                .build();
    }

    /**
     * The submit body carries the signer's values and, base64 in JSON, their attachments: 1 MB for
     * the values plus one attachment's worth (5 MB, a third more as base64) for each attachment tag
     * the link's recipient has. A link that is not valid gets the 1 MB, and its 404 after that.
     */
    @Bean
    RequestBodyLimit submitBody(SigningService signing) {
        long perAttachment = (AttachmentValue.MAX_BYTES + 2) / 3 * 4 + 1024;
        return RequestBodyLimit.of(
                HttpMethod.POST,
                "/v2/signing/{token}/submit",
                request -> RequestBodyLimit.MB + perAttachment * signing.attachmentSlots(tokenOf(request)));
    }

    private static String tokenOf(HttpServletRequest request) {
        String[] segments = request.getRequestURI()
                .substring(request.getContextPath().length())
                .split("/");
        return segments.length > 3 ? segments[3] : "";
    }

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }

    /** An unsafe request that a browser says comes from another site. */
    private record CrossOrigin(String publicOrigin) implements RequestMatcher {

        @Override
        public boolean matches(HttpServletRequest request) {
            if (SAFE_METHODS.contains(request.getMethod())) {
                return false;
            }
            String site = request.getHeader("Sec-Fetch-Site");
            if (site != null) {
                return !site.equals("same-origin") && !site.equals("none");
            }
            String origin = request.getHeader("Origin");
            if (origin == null) {
                return false;
            }
            String own = request.getScheme() + "://" + request.getHeader("Host");
            return !origin.equalsIgnoreCase(publicOrigin) && !origin.equalsIgnoreCase(own);
        }
    }

    /**
     * No token is stored, put in the page or accepted: the pages keep no session and set no cookie,
     * and a cross-origin request has no way to pass.
     */
    private static final class NoTokens implements CsrfTokenRepository, CsrfTokenRequestHandler {

        @Override
        public CsrfToken generateToken(HttpServletRequest request) {
            return new DefaultCsrfToken("X-CSRF-TOKEN", "_csrf", "never-issued");
        }

        @Override
        public void saveToken(CsrfToken token, HttpServletRequest request, HttpServletResponse response) {}

        @Override
        public CsrfToken loadToken(HttpServletRequest request) {
            return null;
        }

        @Override
        public void handle(HttpServletRequest request, HttpServletResponse response, Supplier<CsrfToken> token) {}

        @Override
        public String resolveCsrfTokenValue(HttpServletRequest request, CsrfToken token) {
            return null;
        }
    }
}
