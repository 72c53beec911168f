package dev.signet.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.account.Mode;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The flag that spares the envelope's steps an endpoint query when an organisation has none. */
class EndpointPresenceTest {

    private final AtomicLong clock = new AtomicLong(1_000_000_000L);
    private final AtomicInteger reads = new AtomicInteger();
    private final Set<UUID> withEndpoints = new HashSet<>();

    private EndpointPresence presence(Duration ttl, int max) {
        return new EndpointPresence(
                (organisation, mode) -> {
                    reads.incrementAndGet();
                    return withEndpoints.contains(organisation);
                },
                ttl,
                max,
                clock::get);
    }

    @Test
    void anOrganisationWithoutEndpointsIsReadOnceWithinTheTimeToLive() {
        EndpointPresence presence = presence(Duration.ofSeconds(2), 100);
        UUID organisation = UUID.randomUUID();

        for (int step = 0; step < 50; step++) {
            assertThat(presence.any(organisation, Mode.LIVE)).isFalse();
            clock.addAndGet(Duration.ofMillis(30).toNanos());
        }

        assertThat(reads).hasValue(1);
    }

    @Test
    void anEndpointRegisteredOnThisNodeIsSeenAtOnceAndOneRegisteredElsewhereAfterTheTimeToLive() {
        EndpointPresence presence = presence(Duration.ofSeconds(2), 100);
        UUID here = UUID.randomUUID();
        UUID elsewhere = UUID.randomUUID();
        assertThat(presence.any(here, Mode.SANDBOX)).isFalse();
        assertThat(presence.any(elsewhere, Mode.SANDBOX)).isFalse();

        withEndpoints.add(here);
        presence.forget(here, Mode.SANDBOX);
        withEndpoints.add(elsewhere);

        assertThat(presence.any(here, Mode.SANDBOX)).isTrue();
        assertThat(presence.any(elsewhere, Mode.SANDBOX)).isFalse();
        clock.addAndGet(Duration.ofSeconds(2).toNanos());
        assertThat(presence.any(elsewhere, Mode.SANDBOX)).isTrue();
    }

    @Test
    void modesAreSeparateAndAZeroTimeToLiveReadsEveryTime() {
        EndpointPresence cached = presence(Duration.ofSeconds(2), 100);
        UUID organisation = UUID.randomUUID();
        withEndpoints.add(organisation);
        cached.any(organisation, Mode.LIVE);
        cached.any(organisation, Mode.SANDBOX);
        assertThat(reads).hasValue(2);

        EndpointPresence uncached = presence(Duration.ZERO, 100);
        uncached.any(organisation, Mode.LIVE);
        uncached.any(organisation, Mode.LIVE);
        assertThat(reads).hasValue(4);
    }

    @Test
    void theMapStaysWithinItsBound() {
        EndpointPresence presence = presence(Duration.ofMinutes(1), 10);
        UUID first = UUID.randomUUID();
        presence.any(first, Mode.LIVE);
        for (int i = 0; i < 25; i++) {
            presence.any(UUID.randomUUID(), Mode.LIVE);
        }
        int before = reads.get();

        presence.any(first, Mode.LIVE);

        assertThat(reads.get())
                .as("the first answer was dropped when the map filled up, so it is read again")
                .isEqualTo(before + 1);
    }
}
