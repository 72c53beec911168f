package dev.signet.signing;

import java.time.Clock;
import java.time.Duration;
import org.springframework.stereotype.Component;

/**
 * At most {@link #LIMIT} page images per signing token per minute, on this node, apart from the
 * submit limit so that pictures never use up a signer's submits. A page drawn on the server costs
 * far more than a download; a signer's page asks for one or two (the first page, once ahead and
 * once at the tap, the second from the cache), a reload or a turned phone a few more.
 */
@Component
class PageImageLimit extends PerTokenLimit {

    static final int LIMIT = 20;
    static final Duration WINDOW = Duration.ofMinutes(1);

    PageImageLimit() {
        super(LIMIT, WINDOW, Clock.systemUTC());
    }
}
