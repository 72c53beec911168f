package dev.signet.notification;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The copy of a message that failed for good keeps no usable link: neither a signing link nor a portal password link. */
class KeptCopyLinksTest {

    @Test
    void signingAndPasswordLinksAreCutOutOfAKeptCopy() {
        String body = "Sign: https://signet.example/sign/AbC_123-xyz\n"
                + "Set your password: https://signet.example/portal/password/Zz9_-Yy8\n"
                + "Log in: https://signet.example/portal/login";
        assertThat(OutboxDispatcher.withoutSigningLinks(body))
                .doesNotContain("AbC_123-xyz")
                .doesNotContain("Zz9_-Yy8")
                .contains("/sign/[link removed: delivery failed]")
                .contains("/portal/password/[link removed: delivery failed]")
                .contains("https://signet.example/portal/login");
        assertThat(OutboxDispatcher.withoutSigningLinks(null)).isNull();
    }
}
