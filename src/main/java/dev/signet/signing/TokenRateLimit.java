package dev.signet.signing;

import dev.signet.account.Secrets;
import dev.signet.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    private final Map<String, Deque<Long>> recent = new ConcurrentHashMap<>();
    private final Clock clock;

    TokenRateLimit() {
        this(Clock.systemUTC());
    }

    TokenRateLimit(Clock clock) {
        this.clock = clock;
    }

    /** Counts one request; throws 429 with Retry-After once the token has used up the minute. */
    void check(String token) {
        long now = clock.millis();
        long windowStart = now - WINDOW.toMillis();
        if (recent.size() > 10_000) {
            recent.entrySet().removeIf(e -> e.getValue().isEmpty() || e.getValue().peekLast() < windowStart);
        }
        Deque<Long> times = recent.computeIfAbsent(Secrets.sha256Hex(token == null ? "" : token), k -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst() <= windowStart) {
                times.pollFirst();
            }
            if (times.size() >= LIMIT) {
                long retryMillis = times.peekFirst() + WINDOW.toMillis() - now;
                throw ApiException.tooManyRequests(Math.max(1, (retryMillis + 999) / 1000));
            }
            times.addLast(now);
        }
    }
}
