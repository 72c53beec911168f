package dev.signet.signing;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.web.servlet.resource.ResourceUrlEncodingFilter;

/**
 * Spring's filter that writes a page's links to the signing assets with their content version
 * ({@code /signing/signing-<md5>.js}, see {@link AssetCaching}), left out of the portal's pages. To
 * tell an asset from a page, Spring looks every link of a page up among the static resources, and a
 * link that is no asset (every link to another page) is searched for in all of the application's
 * libraries before it is given up: four classpath misses a link, 85 % of the CPU time of the
 * portal's dashboard with its 25 envelope links (bench/README.md, "Dashboard"). The portal's pages
 * link no versioned asset, so the lookups would only cost.
 */
final class VersionedLinks extends ResourceUrlEncodingFilter {

    static final String UNVERSIONED = "/portal/";

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request instanceof HttpServletRequest http && unversioned(http)) {
            chain.doFilter(request, response);
        } else {
            super.doFilter(request, response, chain);
        }
    }

    static boolean unversioned(HttpServletRequest request) {
        return request.getRequestURI().startsWith(request.getContextPath() + UNVERSIONED);
    }
}
