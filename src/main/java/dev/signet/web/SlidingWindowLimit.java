package dev.signet.web;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} requests per key in any sliding {@code window}, on this node: a signing
 * token's submits, a client's checks on the public verify page. Each key keeps the times of its
 * requests in the window; keys idle for a whole window are dropped once there are many, so the map
 * stays bounded by the traffic of one window.
 */
public final class SlidingWindowLimit {

    private static final int SWEEP_ABOVE = 10_000;

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Long>> recent = new ConcurrentHashMap<>();

    public SlidingWindowLimit(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** Counts one request of {@code key}; throws 429 with Retry-After once the key has used up the window. */
    public void check(String key) {
        long now = clock.millis();
        long windowStart = now - window.toMillis();
        if (recent.size() > SWEEP_ABOVE) {
            recent.entrySet()
                    .removeIf(e -> e.getValue().isEmpty() || e.getValue().peekLast() < windowStart);
        }
        Deque<Long> times = recent.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && times.peekFirst() <= windowStart) {
                times.pollFirst();
            }
            if (times.size() >= limit) {
                long retryMillis = times.peekFirst() + window.toMillis() - now;
                throw ApiException.tooManyRequests(Math.max(1, (retryMillis + 999) / 1000));
            }
            times.addLast(now);
        }
    }

    /** Forgets every key's count. */
    public void clear() {
        recent.clear();
    }
}
