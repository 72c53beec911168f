package dev.signet.portal;

import dev.signet.web.ApiException;
import dev.signet.web.SlidingWindowLimit;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.OptionalLong;
import org.springframework.stereotype.Component;

/**
 * How fast anyone may guess, on this node: per client address 20 login attempts in any 10 minutes
 * (password-reset requests count too), per account address 10 in any 10 minutes, and at most 3
 * reset emails an hour per address. Together with the lock ({@link PortalAccess#LOCK_AFTER} wrong
 * passwords in a row lock the account for {@link PortalAccess#LOCK_FOR}) this bounds guessing
 * however many addresses an attacker has.
 */
@Component
class LoginThrottle {

    static final int PER_CLIENT = 20;
    static final int PER_ACCOUNT = 10;
    static final Duration WINDOW = Duration.ofMinutes(10);
    static final int RESETS_PER_HOUR = 3;

    private final SlidingWindowLimit clients = new SlidingWindowLimit(PER_CLIENT, WINDOW, Clock.systemUTC());
    private final SlidingWindowLimit accounts = new SlidingWindowLimit(PER_ACCOUNT, WINDOW, Clock.systemUTC());
    private final SlidingWindowLimit resets =
            new SlidingWindowLimit(RESETS_PER_HOUR, Duration.ofHours(1), Clock.systemUTC());

    /** Counts a login attempt; the seconds to wait when the client or the account has used up its window. */
    OptionalLong login(String client, String email) {
        OptionalLong byClient = count(clients, client);
        return byClient.isPresent() ? byClient : count(accounts, email.trim().toLowerCase(Locale.ROOT));
    }

    /** Counts a reset request; empty when it may go ahead. */
    OptionalLong reset(String client, String email) {
        OptionalLong byClient = count(clients, client);
        return byClient.isPresent() ? byClient : count(resets, email.trim().toLowerCase(Locale.ROOT));
    }

    /** Forgets every count (tests start from a clean slate). */
    void clear() {
        clients.clear();
        accounts.clear();
        resets.clear();
    }

    private static OptionalLong count(SlidingWindowLimit limit, String key) {
        try {
            limit.check(key);
            return OptionalLong.empty();
        } catch (ApiException tooMany) {
            return OptionalLong.of(tooMany.retryAfterSeconds());
        }
    }
}
