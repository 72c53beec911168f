package dev.signet.signature;

import dev.signet.web.SlidingWindowLimit;
import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * At most {@link #LIMIT} verifications per client address per minute on the public page, on this
 * node. Verifying costs a few hundred milliseconds of CPU and needs no key, so without a limit one
 * script could keep a node busy. A person checks a document or two.
 */
@Component
class ClientRateLimit {

    static final int LIMIT = 10;
    static final Duration WINDOW = Duration.ofMinutes(1);

    private final SlidingWindowLimit limit;

    ClientRateLimit() {
        this(Clock.systemUTC());
    }

    ClientRateLimit(Clock clock) {
        this.limit = new SlidingWindowLimit(LIMIT, WINDOW, clock);
    }

    /** Counts one request; throws 429 with Retry-After once the client has used up the minute. */
    void check(String client) {
        limit.check(client == null ? "" : client);
    }

    /** Forgets every client's count (tests, which all come from one address, start from zero). */
    void clear() {
        limit.clear();
    }
}
