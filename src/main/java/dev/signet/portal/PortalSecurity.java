package dev.signet.portal;

import dev.signet.account.Branding;
import dev.signet.web.RequestBodyLimit;
import dev.signet.web.SecurityLayer;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.io.IOException;
import java.util.Optional;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandlerImpl;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.LoginUrlAuthenticationEntryPoint;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The portal's door ({@code /portal/**}): a session after an email-and-password login (the login
 * itself is {@link LoginController}'s, so its throttle and lock answer on the page), Spring
 * Security's CSRF token on every state change, roles per route, and the pages' strict headers.
 * The session cookie is {@code HttpOnly}, {@code SameSite=Lax} and, where the request came over
 * HTTPS, {@code Secure} (server.servlet.session.cookie in application.yml; Tomcat sets Secure).
 */
@Configuration(proxyBeanMethods = false)
class PortalSecurity {

    static final HttpSessionSecurityContextRepository SESSIONS = new HttpSessionSecurityContextRepository();

    static final String[] OPEN = {
        "/portal/login",
        "/portal/login/code",
        "/portal/forgot",
        "/portal/password/*",
        "/portal/denied",
        "/portal/sso",
        "/portal/sso/**",
        "/portal/assets/**"
    };

    @Bean
    @Order(SecurityLayer.PORTAL)
    SecurityFilterChain portal(HttpSecurity http, SecurityLayer layer, PortalUsers users) throws Exception {
        AccessDeniedHandlerImpl denied = new AccessDeniedHandlerImpl();
        denied.setErrorPage("/portal/denied");
        return layer.applyWithSession(http)
                .securityMatcher(SecurityLayer.paths("/portal", "/portal/**"))
                .sessionManagement(s -> s.sessionCreationPolicy(SessionCreationPolicy.IF_REQUIRED)
                        .sessionFixation(f -> f.newSession()))
                .securityContext(c -> c.securityContextRepository(SESSIONS))
                .authorizeHttpRequests(a -> a.requestMatchers(SecurityLayer.paths(OPEN))
                        .permitAll()
                        .requestMatchers(SecurityLayer.paths("/portal/organisation", "/portal/organisation/**"))
                        .hasRole(Role.ADMIN.name())
                        .requestMatchers(
                                SecurityLayer.paths("/portal/send", "/portal/send/**", "/portal/templates/*/send"))
                        .hasAnyRole(Role.ADMIN.name(), Role.SENDER.name())
                        // Viewers read templates (list, export, API request); changing them is for senders.
                        .requestMatchers(SecurityLayer.paths(HttpMethod.POST, "/portal/templates/**"))
                        .hasAnyRole(Role.ADMIN.name(), Role.SENDER.name())
                        // Every user reads the webhook endpoints and their logs; only admins change them.
                        .requestMatchers(
                                SecurityLayer.paths(HttpMethod.POST, "/portal/webhooks", "/portal/webhooks/**"))
                        .hasRole(Role.ADMIN.name())
                        // The envelope page's actions (TrackController): a viewer reads, never acts.
                        .requestMatchers(SecurityLayer.paths(HttpMethod.POST, "/portal/envelopes/**"))
                        .hasAnyRole(Role.ADMIN.name(), Role.SENDER.name())
                        .anyRequest()
                        .authenticated())
                .addFilterBefore(new CurrentUser(users), AuthorizationFilter.class)
                .formLogin(f -> f.disable())
                .logout(l -> l.logoutRequestMatcher(SecurityLayer.paths(HttpMethod.POST, "/portal/logout"))
                        .logoutSuccessUrl("/portal/login?loggedOut"))
                .exceptionHandling(
                        e -> e.authenticationEntryPoint(new LoginUrlAuthenticationEntryPoint("/portal/login"))
                                .accessDeniedHandler(denied))
                .headers(h -> {
                    SecurityLayer.pageHeaders(h);
                    // A portal page holds the organisation's data: never kept by a browser or a proxy.
                    h.cacheControl(Customizer.withDefaults());
                })
                .csrf(Customizer.withDefaults())
                .build();
    }

    /**
     * The portal's forms are small; the branding form takes a logo within {@link Branding}'s limit and
     * the template import an exported file within {@link TemplatePages#MAX_IMPORT_BYTES}; Send an envelope's
     * files ({@link SendController#BODY_BYTES}).
     */
    @Bean
    RequestBodyLimit portalForms() {
        return RequestBodyLimit.of(null, "/portal/**", request -> switch (request.getRequestURI()) {
            case "/portal/organisation/branding" -> Branding.MAX_LOGO_BYTES + FORM_BYTES;
            case "/portal/templates/import" -> TemplatePages.MAX_IMPORT_BYTES + FORM_BYTES;
            case "/portal/send", "/portal/send/preview" -> SendController.BODY_BYTES;
            default -> FORM_BYTES;
        });
    }

    static final long FORM_BYTES = 64 * 1024;

    /** Makes a logged-in principal with its role and organisation as they are now. */
    static Authentication authentication(PortalUser user) {
        return UsernamePasswordAuthenticationToken.authenticated(user, null, user.authorities());
    }

    /**
     * Each request sees the user as the database has them now: a changed role applies at once, and a
     * deactivated user's session ends at their next request.
     */
    static final class CurrentUser extends OncePerRequestFilter {

        private final PortalUsers users;

        CurrentUser(PortalUsers users) {
            this.users = users;
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication current = SecurityContextHolder.getContext().getAuthentication();
            if (current != null && current.getPrincipal() instanceof PortalUser user) {
                Optional<PortalUser> now = users.find(user.id()).filter(PortalUser::active);
                SecurityContext context = SecurityContextHolder.createEmptyContext();
                if (now.isPresent()) {
                    context.setAuthentication(authentication(now.get()));
                } else {
                    HttpSession session = request.getSession(false);
                    if (session != null) {
                        session.invalidate();
                    }
                }
                SecurityContextHolder.setContext(context);
            }
            chain.doFilter(request, response);
        }
    }
}
