package dev.signet.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.ToLongFunction;
import org.springframework.http.HttpMethod;
import org.springframework.security.web.servlet.util.matcher.PathPatternRequestMatcher;
import org.springframework.security.web.util.matcher.RequestMatcher;

/**
 * How many bytes of body one route accepts; a feature declares one as a bean for each route that
 * needs more than {@link BodyLimitFilter#DEFAULT_BYTES}. The limit may depend on the request (its
 * path, never its body), so it is known before a byte of the body is read.
 */
public record RequestBodyLimit(RequestMatcher route, ToLongFunction<HttpServletRequest> bytes) {

    public static final long MB = 1024 * 1024;

    public static RequestBodyLimit of(HttpMethod method, String pattern, long bytes) {
        return new RequestBodyLimit(PathPatternRequestMatcher.withDefaults().matcher(method, pattern), r -> bytes);
    }

    public static RequestBodyLimit of(HttpMethod method, String pattern, ToLongFunction<HttpServletRequest> bytes) {
        return new RequestBodyLimit(PathPatternRequestMatcher.withDefaults().matcher(method, pattern), bytes);
    }
}
