package dev.signet.signing;

import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * At most {@link #LIMIT} submits or declines per signing token per minute, on this node. A legitimate
 * signer submits once or twice; the limit stops a script hammering the validation of one link.
 */
@Component
class TokenRateLimit extends PerTokenLimit {

    static final int LIMIT = 10;
    static final Duration WINDOW = Duration.ofMinutes(1);

    TokenRateLimit() {
        this(Clock.systemUTC());
    }

    TokenRateLimit(Clock clock) {
        super(LIMIT, WINDOW, clock);
    }
}
