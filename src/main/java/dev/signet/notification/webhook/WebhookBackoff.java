package dev.signet.notification.webhook;

import java.time.Duration;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * When to try a webhook again: the schedule's delay for this many failures, moved at random by up
 * to the jitter either way, so that receivers coming back from an outage are not hit by every
 * sender's retries in the same second.
 */
final class WebhookBackoff {

    private final List<Duration> schedule;
    private final double jitter;

    WebhookBackoff(List<Duration> schedule, double jitter) {
        if (schedule.isEmpty() || jitter < 0 || jitter >= 1) {
            throw new IllegalArgumentException("A back-off needs delays and a jitter in [0, 1)");
        }
        this.schedule = List.copyOf(schedule);
        this.jitter = jitter;
    }

    /** The wait after the {@code failures}-th failed try (1 for the first). */
    Duration delay(int failures, RandomGenerator random) {
        Duration base = schedule.get(Math.min(Math.max(failures, 1), schedule.size()) - 1);
        double factor = 1 + jitter * (2 * random.nextDouble() - 1);
        return Duration.ofMillis(Math.round(base.toMillis() * factor));
    }

    /** The longest a message can take from its first try to its last, with no jitter. */
    Duration span(int maxAttempts) {
        Duration total = Duration.ZERO;
        for (int failures = 1; failures < maxAttempts; failures++) {
            total = total.plus(schedule.get(Math.min(failures, schedule.size()) - 1));
        }
        return total;
    }
}
