package dev.signet.signing;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.springframework.http.HttpHeaders;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * How long a browser may keep the signing pages' assets. An address that names its content (the
 * pdf.js WebJar's version in the path, or the content hash Spring's resource chain puts in
 * {@code /signing/signing-<md5>.js}) never changes, so it is kept for a year without asking again;
 * any other asset is asked for again each time and answered 304 while unchanged, so an upgrade of
 * Signet is seen at once. The pages themselves stay {@code no-store} (they carry the signer's data).
 */
final class AssetCaching extends OncePerRequestFilter {

    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    static final String REVALIDATE = "no-cache";

    /** The suffix Spring's content version strategy adds before the extension: {@code -<32 hex>.js}. */
    private static final Pattern CONTENT_VERSION = Pattern.compile("-[0-9a-f]{32}\\.[a-z0-9]+$");

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if ("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod())) {
            String path =
                    request.getRequestURI().substring(request.getContextPath().length());
            boolean versioned = path.startsWith("/webjars/")
                    || CONTENT_VERSION.matcher(path).find();
            response.setHeader(HttpHeaders.CACHE_CONTROL, versioned ? IMMUTABLE : REVALIDATE);
        }
        chain.doFilter(request, response);
    }
}
