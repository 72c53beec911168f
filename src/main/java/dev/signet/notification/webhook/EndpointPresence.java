package dev.signet.notification.webhook;

import dev.signet.account.Mode;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.LongSupplier;

/**
 * Whether an organisation has any endpoint of its own, remembered for a short while, so that the
 * envelope's steps (activation, every signature, completion) ask the database for endpoints only
 * when there are some: most organisations have none.
 *
 * <p>Short-lived rather than versioned: a version would itself be a read on every step. On this
 * node, registering an endpoint forgets the answer at once. Another node may go on answering "none"
 * for at most {@code ttl} after an endpoint is registered here, so an event of that window is not
 * sent to it; a stale "some" after a deletion costs one query that finds none. The map is bounded:
 * when full it is emptied, which costs a read per organisation and nothing else.
 */
final class EndpointPresence {

    private record Key(UUID organisationId, Mode mode) {}

    private record Seen(boolean any, long atNanos) {}

    private final ConcurrentHashMap<Key, Seen> seen = new ConcurrentHashMap<>();
    private final BiPredicate<UUID, Mode> lookup;
    private final long ttlNanos;
    private final int maxEntries;
    private final LongSupplier nanoTime;

    /**
     * @param lookup whether the organisation has an endpoint now (a database read)
     * @param nanoTime {@link System#nanoTime} outside tests
     */
    EndpointPresence(BiPredicate<UUID, Mode> lookup, Duration ttl, int maxEntries, LongSupplier nanoTime) {
        this.lookup = lookup;
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
        this.nanoTime = nanoTime;
    }

    boolean any(UUID organisationId, Mode mode) {
        Key key = new Key(organisationId, mode);
        long now = nanoTime.getAsLong();
        Seen known = seen.get(key);
        if (known != null && now - known.atNanos() < ttlNanos) {
            return known.any();
        }
        boolean any = lookup.test(organisationId, mode);
        if (ttlNanos > 0) {
            if (seen.size() >= maxEntries) {
                seen.clear();
            }
            seen.put(key, new Seen(any, now));
        }
        return any;
    }

    /** The organisation's endpoints changed on this node: ask again next time. */
    void forget(UUID organisationId, Mode mode) {
        seen.remove(new Key(organisationId, mode));
    }
}
