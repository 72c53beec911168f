package dev.signet.signing;

import dev.signet.account.Secrets;
import dev.signet.web.SlidingWindowLimit;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * At most {@link #LIMIT} page images per signing token per minute, on this node, apart from the
 * submit limit so that pictures never use up a signer's submits. A page drawn on the server costs
 * far more than a download; a signer's page asks for one or two (the first page, once ahead and
 * once at the tap, the second from the cache), a reload or a turned phone a few more.
 */
@Component
class PageImageLimit {

    static final int LIMIT = 20;
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final SlidingWindowLimit limit = new SlidingWindowLimit(LIMIT, WINDOW, Clock.systemUTC());

    /** Counts one request; throws 429 with Retry-After once the token has used up the minute. */
    void check(String token) {
        limit.check(Secrets.sha256Hex(token == null ? "" : token));
    }
}
