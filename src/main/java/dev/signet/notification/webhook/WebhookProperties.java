package dev.signet.notification.webhook;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How webhooks are delivered, under {@code signet.webhooks.*}. Whether the dispatcher polls by
 * itself follows {@code signet.outbox.schedule}, as for email.
 *
 * @param schedule the base delays between tries: the n-th failed try waits the n-th delay (the last
 *     one repeats), each moved by up to {@code jitter} either way. Twelve tries over about 41 hours.
 * @param concurrency how many endpoints are sent to at the same time (one thread each)
 * @param disableAfter an endpoint whose every try has failed for this long is disabled
 * @param rotationOverlap how long the old secret still signs after a rotation
 * @param internalDestinations host names (as written in the URL) the operator trusts to be inside
 *     its own network: they may use http and resolve to private addresses. Empty by default.
 * @param endpointPresenceTtl how long a node remembers whether an organisation has endpoints of its
 *     own (so steps skip the read when it has none); an endpoint registered on another node gets
 *     events from at most this long after. 0 reads every time.
 */
@ConfigurationProperties("signet.webhooks")
public record WebhookProperties(
        @DefaultValue("2s") Duration pollInterval,
        @DefaultValue("50") int batchSize,
        @DefaultValue("8") int concurrency,
        @DefaultValue("12") int maxAttempts,

        @DefaultValue({"30s", "1m", "5m", "15m", "30m", "1h", "2h", "4h", "8h", "12h", "12h"})
        List<Duration> schedule,

        @DefaultValue("0.2") double jitter,
        @DefaultValue("5s") Duration connectTimeout,
        @DefaultValue("10s") Duration responseTimeout,
        @DefaultValue("65536") int maxResponseBytes,
        @DefaultValue("2m") Duration lease,
        @DefaultValue("5d") Duration disableAfter,
        @DefaultValue("24h") Duration rotationOverlap,
        @DefaultValue("") List<String> internalDestinations,
        @DefaultValue("2s") Duration endpointPresenceTtl) {}
