package dev.signet.portal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Signet's TOTP against RFC 6238's own test values (Appendix B, SHA-1), and its acceptance rules. */
class TotpTest {

    private static final byte[] RFC_KEY = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);

    @Test
    void matchesTheRfcTestVectors() {
        assertThat(Totp.code(RFC_KEY, Totp.step(Instant.ofEpochSecond(59)), 8)).isEqualTo("94287082");
        assertThat(Totp.code(RFC_KEY, Totp.step(Instant.ofEpochSecond(1111111109)), 8))
                .isEqualTo("07081804");
        assertThat(Totp.code(RFC_KEY, Totp.step(Instant.ofEpochSecond(1111111111)), 8))
                .isEqualTo("14050471");
        assertThat(Totp.code(RFC_KEY, Totp.step(Instant.ofEpochSecond(1234567890)), 8))
                .isEqualTo("89005924");
        assertThat(Totp.code(RFC_KEY, Totp.step(Instant.ofEpochSecond(2000000000)), 8))
                .isEqualTo("69279037");
        assertThat(Totp.code(RFC_KEY, Totp.step(Instant.ofEpochSecond(20000000000L)), 8))
                .isEqualTo("65353130");
        // Six digits, as apps show them: the last six of the eight.
        assertThat(Totp.code(RFC_KEY, Totp.step(Instant.ofEpochSecond(1111111109)), 6))
                .isEqualTo("081804");
    }

    @Test
    void base32RoundTripsAndMatchesTheRfc4648Example() {
        assertThat(Totp.base32("foobar".getBytes(StandardCharsets.US_ASCII))).isEqualTo("MZXW6YTBOI");
        assertThat(new String(Totp.unbase32("MZXW6YTBOI"), StandardCharsets.US_ASCII))
                .isEqualTo("foobar");
        String secret = Totp.newSecret();
        assertThat(secret).hasSize(32).matches("[A-Z2-7]+");
        assertThat(Totp.base32(Totp.unbase32(secret))).isEqualTo(secret);
    }

    @Test
    void acceptsTheNeighbouringStepsOnceAndNothingElse() {
        String secret = Totp.base32(RFC_KEY);
        Instant now = Instant.ofEpochSecond(1111111109);
        long step = Totp.step(now);
        String current = Totp.code(RFC_KEY, step, 6);
        assertThat(Totp.verify(secret, current, now, -1)).hasValue(step);
        assertThat(Totp.verify(secret, current, now, step)).as("a used step").isEmpty();
        assertThat(Totp.verify(secret, Totp.code(RFC_KEY, step - 1, 6), now, -1))
                .hasValue(step - 1);
        assertThat(Totp.verify(secret, Totp.code(RFC_KEY, step + 1, 6), now, -1))
                .hasValue(step + 1);
        assertThat(Totp.verify(secret, Totp.code(RFC_KEY, step + 2, 6), now, -1))
                .isEmpty();
        assertThat(Totp.verify(secret, Totp.code(RFC_KEY, step - 2, 6), now, -1))
                .isEmpty();
        assertThat(Totp.verify(secret, "12345", now, -1)).isEmpty();
        assertThat(Totp.verify(secret, "abcdef", now, -1)).isEmpty();
        assertThat(Totp.verify(secret, null, now, -1)).isEmpty();
    }

    @Test
    void theEnrolmentAddressIsAKeyUri() {
        assertThat(Totp.uri("ann+x@example.com", "MZXW6YTBOI"))
                .isEqualTo("otpauth://totp/Signet%3Aann%2Bx%40example.com?secret=MZXW6YTBOI&issuer=Signet"
                        + "&algorithm=SHA1&digits=6&period=30");
    }
}
