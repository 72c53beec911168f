package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.ServletResponse;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/**
 * The portal's pages are rendered without the resource chain's link rewriting (and its classpath
 * lookups); every other page keeps it, so the signing pages still link their versioned assets
 * (SigningPagesHttpTest checks the addresses).
 */
class VersionedLinksTest {

    @Test
    void thePortalsPagesSkipTheRewritingAndEveryOtherPageKeepsIt() throws Exception {
        assertThat(responseSeenBy("/portal/envelopes")).isTrue();
        assertThat(responseSeenBy("/portal/envelopes/8d7f0c8e-0000-4000-8000-000000000001"))
                .isTrue();
        assertThat(responseSeenBy("/sign/abc")).isFalse();
        assertThat(responseSeenBy("/verify")).isFalse();
        assertThat(responseSeenBy("/portalish")).isFalse();
    }

    /** Whether the page was handed the response as it came, without the rewriting wrapper. */
    private static boolean responseSeenBy(String path) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", path);
        MockHttpServletResponse response = new MockHttpServletResponse();
        AtomicReference<ServletResponse> seen = new AtomicReference<>();
        new VersionedLinks().doFilter(request, response, (req, res) -> seen.set(res));
        return seen.get() == response;
    }
}
