package dev.signet.signing;

import dev.signet.account.Secrets;
import dev.signet.web.SlidingWindowLimit;
import java.time.Clock;
import java.time.Duration;

/**
 * At most so many requests of one kind per signing token per window, on this node. Keyed by the
 * token's hash, so no plain token lives on in memory. Each kind has its own count
 * ({@link TokenRateLimit}, {@link PageImageLimit}), so one kind never uses up another.
 */
abstract class PerTokenLimit {

    private final SlidingWindowLimit limit;

    PerTokenLimit(int limit, Duration window, Clock clock) {
        this.limit = new SlidingWindowLimit(limit, window, clock);
    }

    /** Counts one request; throws 429 with Retry-After once the token has used up the window. */
    void check(String token) {
        limit.check(Secrets.sha256Hex(token == null ? "" : token));
    }
}
