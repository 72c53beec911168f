package dev.signet.signing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.SignetProperties;
import dev.signet.web.ErrorBody;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Headers and a same-origin check for the signing pages ({@code /sign/**}, their assets) and the
 * recipient API ({@code /v2/signing/**}).
 *
 * <p>CSRF: there is no session or cookie; the token in the path is the credential, and another site
 * cannot know it. The JSON API also needs {@code Content-Type: application/json}, which a foreign
 * page can only send after a CORS preflight that Signet never grants. The one form POST (asking for
 * a new link) is a "simple" request, so every POST from a browser must come from Signet's own
 * origin: browsers send {@code Origin} on every POST, and {@code Sec-Fetch-Site} where they support
 * it. Programs that send neither header (integrations, curl) pass, as they forge nothing.
 */
@Component
class PageSecurity extends OncePerRequestFilter {

    /**
     * No inline script or style attribute, nothing from another host; pdf.js runs its worker from
     * Signet and gets no eval. data: and blob: images are the signer's own drawing or upload.
     */
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
            + "font-src 'self'; connect-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'none'; "
            + "form-action 'self'; frame-ancestors 'none'";

    private final String publicOrigin;
    private final ObjectMapper json;

    PageSecurity(SignetProperties properties, ObjectMapper json) {
        this.publicOrigin = origin(URI.create(properties.publicUrl()));
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !(path.startsWith("/sign/") || path.startsWith("/signing/") || path.startsWith("/v2/signing/")
                || path.startsWith("/webjars/"));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        response.setHeader("Content-Security-Policy", CSP);
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        // The token is in the URL: no Referer may carry it to another site. "same-origin" rather than
        // "no-referrer", because with no-referrer browsers send "Origin: null" on the page's own form POST.
        response.setHeader("Referrer-Policy", "same-origin");
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod()) && crossOrigin(request)) {
            response.setStatus(HttpServletResponse.SC_FORBIDDEN);
            response.setContentType(MediaType.APPLICATION_JSON_VALUE);
            json.writeValue(response.getOutputStream(), ErrorBody.of("CROSS_ORIGIN_REQUEST",
                    "This request must come from Signet's own signing page"));
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean crossOrigin(HttpServletRequest request) {
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

    private static String origin(URI uri) {
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }
}
