package dev.signet.web;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.autoconfigure.security.servlet.PathRequest;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.firewall.HttpFirewall;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.security.web.firewall.StrictHttpFirewall;
import org.springframework.security.web.header.writers.DelegatingRequestMatcherHeaderWriter;
import org.springframework.security.web.header.writers.frameoptions.XFrameOptionsHeaderWriter;
import org.springframework.security.web.util.matcher.NegatedRequestMatcher;

/** The firewall in front of every chain, and the chain that takes whatever no feature claimed. */
@Configuration(proxyBeanMethods = false)
class WebSecurity {

    /**
     * Spring Security's strict firewall, stated rather than implied: it refuses {@code ;} path
     * parameters, encoded {@code /}, {@code \}, {@code %} and {@code .}, dot segments, {@code //},
     * control characters and unusual methods, for every path, before any chain or controller.
     */
    @Bean
    HttpFirewall firewall() {
        return new StrictHttpFirewall();
    }

    /**
     * Tomcat would refuse an encoded slash or backslash itself, with its own HTML page; passed
     * through, they reach the firewall, which refuses them with the error body like any other.
     */
    @Bean
    WebServerFactoryCustomizer<TomcatServletWebServerFactory> encodedSlashesToTheFirewall() {
        return factory -> factory.addConnectorCustomizers(connector -> {
            connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
            connector.setEncodedReverseSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
        });
    }

    /**
     * The firewall once more, just in front of Spring Security's filter: Spring Security parses the
     * path for its matchers before its own firewall runs, and that parse fails (a 500) on a path
     * parameter in the path of a servlet other than Spring MVC's, such as {@code /engine-rest;a=b/}.
     */
    @Bean
    FilterRegistrationBean<Filter> firewallFirst(HttpFirewall firewall, RequestRejectedHandler rejected) {
        Filter filter = (request, response, chain) -> {
            try {
                firewall.getFirewalledRequest((HttpServletRequest) request);
            } catch (RequestRejectedException e) {
                rejected.handle((HttpServletRequest) request, (HttpServletResponse) response, e);
                return;
            }
            chain.doFilter(request, response);
        };
        FilterRegistrationBean<Filter> registration = new FilterRegistrationBean<>(filter);
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER - 1);
        registration.setDispatcherTypes(DispatcherType.REQUEST);
        return registration;
    }

    @Bean
    RequestRejectedHandler rejectedRequests() {
        return (request, response, e) -> ErrorResponses.send(
                response,
                HttpStatus.BAD_REQUEST,
                "MALFORMED_REQUEST",
                "The address is not in canonical form: no path parameters (;), encoded slashes or dot segments");
    }

    /**
     * Whatever no feature's chain claimed: health, the embedded mailbox, static files and error
     * pages are open; any other address is answered 404, so a route nobody declared stays shut.
     */
    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    SecurityFilterChain everythingElse(
            HttpSecurity http, SecurityLayer layer, @Value("${signet.embedded:true}") boolean embedded)
            throws Exception {
        return layer.apply(http)
                .authorizeHttpRequests(a -> {
                    a.dispatcherTypeMatchers(DispatcherType.ERROR).permitAll();
                    a.requestMatchers(SecurityLayer.paths("/error")).permitAll();
                    a.requestMatchers(SecurityLayer.paths(
                                    HttpMethod.GET,
                                    "/actuator/health",
                                    "/actuator/health/**",
                                    "/actuator/info",
                                    "/favicon.ico"))
                            .permitAll();
                    a.requestMatchers(PathRequest.toStaticResources().atCommonLocations())
                            .permitAll();
                    if (embedded) {
                        a.requestMatchers(SecurityLayer.paths(HttpMethod.GET, "/outbox", "/outbox/{id}/html"))
                                .permitAll();
                    }
                    a.anyRequest().denyAll();
                })
                // Nothing here may be framed, except in embedded mode a mail body of the local mailbox,
                // which the mailbox page frames and which sends its own SAMEORIGIN and frame-ancestors.
                .headers(h -> h.frameOptions(f -> f.disable())
                        .addHeaderWriter(new DelegatingRequestMatcherHeaderWriter(
                                new NegatedRequestMatcher(SecurityLayer.paths(HttpMethod.GET, "/outbox/{id}/html")),
                                new XFrameOptionsHeaderWriter(XFrameOptionsHeaderWriter.XFrameOptionsMode.DENY))))
                .exceptionHandling(e -> e.authenticationEntryPoint((request, response, ex) -> notFound(response))
                        .accessDeniedHandler((request, response, ex) -> notFound(response)))
                .csrf(c -> c.disable())
                .build();
    }

    private static void notFound(HttpServletResponse response) throws IOException {
        ErrorResponses.send(response, HttpStatus.NOT_FOUND, "NOT_FOUND", "There is nothing at this address");
    }
}
