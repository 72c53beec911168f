package dev.signet.signature;

import dev.signet.web.RequestBodyLimit;
import dev.signet.web.SecurityLayer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpMethod;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.header.writers.ReferrerPolicyHeaderWriter.ReferrerPolicy;

/**
 * The door of the public verify page: a person needs no key, the page acts for nobody and changes
 * nothing (so there is nothing to forge), and it runs no script at all, so its policy is stricter
 * than the signing pages' shared one.
 */
@Configuration(proxyBeanMethods = false)
class VerifyPageSecurity {

    /** No script, nothing from another host, never framed; the form posts only to the page itself. */
    static final String CSP = "default-src 'none'; style-src 'self'; img-src 'self'; font-src 'self'; "
            + "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    @Bean
    @Order(SecurityLayer.PUBLIC_PAGES)
    SecurityFilterChain verifyPageChain(HttpSecurity http, SecurityLayer layer) throws Exception {
        return layer.apply(http)
                .securityMatcher(SecurityLayer.paths("/verify", "/verify/**"))
                .authorizeHttpRequests(a -> a.anyRequest().permitAll())
                .headers(headers -> {
                    SecurityLayer.pageHeaders(headers);
                    headers.contentSecurityPolicy(csp -> csp.policyDirectives(CSP))
                            .referrerPolicy(r -> r.policy(ReferrerPolicy.NO_REFERRER));
                })
                .csrf(c -> c.disable())
                .build();
    }

    @Bean
    RequestBodyLimit verifyPageBody() {
        return RequestBodyLimit.of(HttpMethod.POST, "/verify", VerifyPage.MAX_BYTES);
    }
}
