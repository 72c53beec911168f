package dev.signet.account;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.signet.web.ErrorBody;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import java.util.Set;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates the sender API ({@code /v2/**}) by bearer key. The recipient API and the public CA
 * certificates are reached by signing token or openly, so they pass untouched.
 */
@Component
class ApiKeyFilter extends OncePerRequestFilter {

    static final String CALLER = ApiKeyFilter.class.getName() + ".caller";
    private static final Set<String> KEY_PARAMETERS = Set.of("api_key", "apikey", "key", "access_token", "token");

    private final AccountService accounts;
    private final ObjectMapper json;

    ApiKeyFilter(AccountService accounts, ObjectMapper json) {
        this.accounts = accounts;
        this.json = json;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return !path.startsWith("/v2/") || path.startsWith("/v2/signing/") || path.startsWith("/v2/ca/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getParameterMap().keySet().stream().anyMatch(KEY_PARAMETERS::contains)) {
            // A key in a URL ends up in proxy logs and browser history; refuse it even when it is valid.
            reject(response, "KEY_IN_QUERY", "Send the API key in the Authorization header, never in the URL");
            return;
        }
        Optional<Caller> caller = bearer(request).flatMap(accounts::authenticate);
        if (caller.isEmpty()) {
            reject(response, "UNAUTHORIZED", "A valid API key is required: Authorization: Bearer sk_…");
            return;
        }
        request.setAttribute(CALLER, caller.get());
        chain.doFilter(request, response);
    }

    private static Optional<String> bearer(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).trim());
    }

    private void reject(HttpServletResponse response, String code, String message) throws IOException {
        response.setStatus(HttpServletResponse.SC_UNAUTHORIZED);
        response.setHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), ErrorBody.of(code, message));
    }
}
