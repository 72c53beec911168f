package dev.signet.notification.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The default retry schedule: at least ten tries over at least a day, spread by jitter. */
class WebhookBackoffTest {

    private static final List<Duration> DEFAULT = List.of(
            Duration.ofSeconds(30),
            Duration.ofMinutes(1),
            Duration.ofMinutes(5),
            Duration.ofMinutes(15),
            Duration.ofMinutes(30),
            Duration.ofHours(1),
            Duration.ofHours(2),
            Duration.ofHours(4),
            Duration.ofHours(8),
            Duration.ofHours(12),
            Duration.ofHours(12));

    @Test
    void theDefaultsAreTheOnesTheseTestsCheck() throws Exception {
        WebhookProperties defaults = new org.springframework.boot.context.properties.bind.Binder(
                        new org.springframework.boot.context.properties.source.MapConfigurationPropertySource(
                                java.util.Map.of()))
                .bindOrCreate("signet.webhooks", WebhookProperties.class);
        assertThat(defaults.schedule()).isEqualTo(DEFAULT);
        assertThat(defaults.maxAttempts()).isEqualTo(12);
        assertThat(defaults.jitter()).isEqualTo(0.2);
    }

    @Test
    void twelveTriesSpanMoreThanADayAndEachWaitGrows() {
        WebhookBackoff backoff = new WebhookBackoff(DEFAULT, 0);
        assertThat(backoff.span(12)).isGreaterThan(Duration.ofDays(1)).isLessThan(Duration.ofDays(2));
        SplittableRandom random = new SplittableRandom(1);
        Duration previous = Duration.ZERO;
        for (int failures = 1; failures < 12; failures++) {
            Duration delay = backoff.delay(failures, random);
            assertThat(delay).isGreaterThanOrEqualTo(previous);
            previous = delay;
        }
        assertThat(backoff.delay(1, random)).isEqualTo(Duration.ofSeconds(30));
        assertThat(backoff.delay(40, random)).isEqualTo(Duration.ofHours(12));
    }

    @Test
    void jitterStaysWithinItsBoundsAndSpreadsTheRetries() {
        WebhookBackoff backoff = new WebhookBackoff(DEFAULT, 0.2);
        SplittableRandom random = new SplittableRandom(7);
        java.util.Set<Duration> seen = new java.util.HashSet<>();
        for (int i = 0; i < 1000; i++) {
            Duration d = backoff.delay(6, random);
            assertThat(d).isBetween(Duration.ofMinutes(48), Duration.ofMinutes(72));
            seen.add(d);
        }
        assertThat(seen.size()).isGreaterThan(900);
    }
}
