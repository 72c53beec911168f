package dev.signet.signing;

import dev.signet.account.Secrets;
import dev.signet.web.SlidingWindowLimit;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * At most {@link #LIMIT} submits or declines per signing token per minute, on this node. Keyed by
 * the token's hash, so no plain token lives on in memory. A legitimate signer submits once or twice;
 * the limit stops a script hammering the validation of one link.
 */
@Component
class TokenRateLimit {

    static final int LIMIT = 10;
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final SlidingWindowLimit limit;

    TokenRateLimit() {
        this(Clock.systemUTC());
    }

    TokenRateLimit(Clock clock) {
        this.limit = new SlidingWindowLimit(LIMIT, WINDOW, clock);
    }

    /** Counts one request; throws 429 with Retry-After once the token has used up the minute. */
    void check(String token) {
        limit.check(Secrets.sha256Hex(token == null ? "" : token));
    }
}
