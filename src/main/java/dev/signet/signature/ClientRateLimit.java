package dev.signet.signature;

import dev.signet.web.ApiException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

    private final Map<String, Deque<Long>> recent = new ConcurrentHashMap<>();
    private final Clock clock;

    ClientRateLimit() {
        this(Clock.systemUTC());
    }

    ClientRateLimit(Clock clock) {
        this.clock = clock;
    }

    /** Counts one request; throws 429 with Retry-After once the client has used up the minute. */
    void check(String client) {
        long now = clock.millis();
        long windowStart = now - WINDOW.toMillis();
        if (recent.size() > 10_000) {
            recent.entrySet().removeIf(e -> e.getValue().isEmpty() || e.getValue().peekLast() < windowStart);
        }
        Deque<Long> times = recent.computeIfAbsent(client == null ? "" : client, k -> new ArrayDeque<>());
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

    /** Forgets every client's count (tests, which all come from one address, start from zero). */
    void clear() {
        recent.clear();
    }
}
