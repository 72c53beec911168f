package dev.signet.notification.webhook;

import dev.signet.SignetProperties;
import dev.signet.account.AccountService;
import dev.signet.notification.Channel;
import dev.signet.notification.OutboundMessage;
import dev.signet.notification.Outbox;
import dev.signet.notification.outbound.Destinations;
import jakarta.annotation.PreDestroy;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.util.HtmlUtils;

/**
 * Delivers the outbox's WEBHOOK rows. A message is due only when it is the oldest pending one of its
 * endpoint and envelope, so each receiver gets an envelope's events in the order they happened,
 * whatever the retries. Each try is claimed with a lease (several nodes may dispatch), logged
 * (time, status code, latency, error), and on failure retried after {@link WebhookBackoff}'s delay
 * until {@code max-attempts}. An endpoint whose every try has failed for {@code disable-after} is
 * disabled and its organisation is told by email; its messages wait, pending, until it is enabled.
 */
@Component
public class WebhookDispatcher {

    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final WebhookEndpoints endpoints;
    private final Outbox outbox;
    private final AccountService accounts;
    private final SignetProperties signet;
    private final WebhookProperties properties;
    private final WebhookBackoff backoff;
    private final WebhookDestinations destinations;
    private final ExecutorService workers;
    private volatile WebhookSender sender;

    WebhookDispatcher(
            JdbcClient jdbc,
            TransactionTemplate tx,
            WebhookEndpoints endpoints,
            Outbox outbox,
            AccountService accounts,
            SignetProperties signet,
            WebhookProperties properties,
            WebhookDestinations destinations) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.endpoints = endpoints;
        this.outbox = outbox;
        this.accounts = accounts;
        this.signet = signet;
        this.properties = properties;
        this.destinations = destinations;
        this.backoff = new WebhookBackoff(properties.schedule(), properties.jitter());
        this.sender = sender(InetAddress::getAllByName);
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(Math.max(1, properties.concurrency()), task -> {
            Thread thread = new Thread(task, "webhook-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
    }

    WebhookSender sender(Destinations.Resolver resolver) {
        return new WebhookSender(destinations.http(resolver));
    }

    /** For tests: resolve host names another way (to stand in for DNS answers we cannot otherwise get). */
    void resolveWith(Destinations.Resolver resolver) {
        this.sender = sender(resolver);
    }

    private record Due(UUID id, UUID endpointId, String webhookId, String event, String body, int attempts) {}

    @Scheduled(fixedDelayString = "${signet.webhooks.poll-interval:2s}")
    void poll() {
        if (signet.outbox().schedule()) {
            dispatchDue();
        }
    }

    /**
     * Delivers what is due now; returns how many tries it made. Endpoints are served side by side,
     * each by one thread, so a receiver that hangs until the time-out holds up only its own messages.
     */
    public int dispatchDue() {
        Map<UUID, List<Due>> byEndpoint = new LinkedHashMap<>();
        for (Due due : findDue()) {
            byEndpoint.computeIfAbsent(due.endpointId(), k -> new ArrayList<>()).add(due);
        }
        List<Future<Integer>> running = new ArrayList<>();
        for (List<Due> queue : byEndpoint.values()) {
            running.add(workers.submit(() -> {
                int tried = 0;
                for (Due due : queue) {
                    if (claim(due)) {
                        deliver(due);
                        tried++;
                    }
                }
                return tried;
            }));
        }
        int tried = 0;
        for (Future<Integer> endpoint : running) {
            try {
                tried += endpoint.get();
            } catch (ExecutionException e) {
                log.warn("Webhook dispatch failed: {}", e.getCause().getClass().getSimpleName());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return tried;
    }

    @PreDestroy
    void stop() {
        workers.shutdownNow();
    }

    private List<Due> findDue() {
        OffsetDateTime now = now();
        return jdbc.sql("""
                        select o.id, w.endpoint_id, w.webhook_id, o.kind, o.body_text, o.attempts
                        from outbox_message o
                          join webhook_message w on w.outbox_id = o.id
                          join webhook_endpoint e on e.id = w.endpoint_id
                        where o.channel = 'WEBHOOK' and o.status = 'PENDING' and o.next_attempt_at <= :now
                          and (o.claimed_until is null or o.claimed_until < :now)
                          and e.status = 'ENABLED' and e.deleted_at is null
                          and not exists (
                            select 1 from webhook_message earlier join outbox_message eo on eo.id = earlier.outbox_id
                            where earlier.endpoint_id = w.endpoint_id and earlier.seq < w.seq and eo.status = 'PENDING'
                              and (earlier.envelope_id = w.envelope_id
                                   or (earlier.envelope_id is null and w.envelope_id is null)))
                        order by w.seq limit :limit""")
                .param("now", now)
                .param("limit", properties.batchSize())
                .query((rs, n) -> new Due(
                        rs.getObject("id", UUID.class),
                        rs.getObject("endpoint_id", UUID.class),
                        rs.getString("webhook_id"),
                        rs.getString("kind"),
                        rs.getString("body_text"),
                        rs.getInt("attempts")))
                .list();
    }

    private boolean claim(Due due) {
        OffsetDateTime now = now();
        return jdbc.sql("""
                        update outbox_message set claimed_until = ?
                        where id = ? and status = 'PENDING' and attempts = ? and (claimed_until is null or claimed_until < ?)""")
                        .params(now.plus(properties.lease()), due.id(), due.attempts(), now)
                        .update()
                == 1;
    }

    private void deliver(Due due) {
        WebhookEndpoints.Endpoint endpoint = endpoints.find(due.endpointId()).orElse(null);
        if (endpoint == null) {
            return;
        }
        byte[] body = due.body().getBytes(StandardCharsets.UTF_8);
        long timestamp = now().toEpochSecond();
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("webhook-id", due.webhookId());
        headers.put("webhook-timestamp", Long.toString(timestamp));
        headers.put(
                "webhook-signature",
                WebhookSignature.header(endpoints.activeSecrets(endpoint), due.webhookId(), timestamp, body));
        OffsetDateTime attemptedAt = now();
        WebhookSender.Result result = sender.post(endpoint.url(), headers, body);
        int attempt = due.attempts() + 1;
        if (!result.delivered()) {
            log.info(
                    "Webhook {} to endpoint {} failed (attempt {}): {}",
                    due.webhookId(),
                    endpoint.id(),
                    attempt,
                    result.error());
        }
        tx.executeWithoutResult(status -> {
            jdbc.sql("""
                    insert into webhook_attempt (id, endpoint_id, outbox_id, webhook_id, event, attempt, attempted_at,
                      status_code, latency_ms, error)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(
                            UUID.randomUUID(),
                            endpoint.id(),
                            due.id(),
                            due.webhookId(),
                            due.event(),
                            attempt,
                            attemptedAt,
                            result.statusCode() == 0 ? null : result.statusCode(),
                            result.latencyMillis(),
                            truncate(result.error(), 500))
                    .update();
            if (result.delivered()) {
                finish(due, "SENT", null, null);
                endpoints.recordSuccess(endpoint.id());
                return;
            }
            if (attempt >= properties.maxAttempts()) {
                finish(due, "FAILED", result.error(), null);
            } else {
                finish(due, "PENDING", result.error(), now().plus(backoff.delay(attempt, ThreadLocalRandom.current())));
            }
            if (endpoints.recordFailure(endpoint.id(), properties.disableAfter())) {
                tellOrganisation(endpoint);
            }
        });
    }

    private void finish(Due due, String status, String error, OffsetDateTime nextAttempt) {
        jdbc.sql("""
                update outbox_message set status = ?, attempts = attempts + 1, last_error = ?, claimed_until = null,
                  next_attempt_at = coalesce(?, next_attempt_at), sent_at = ?
                where id = ?""")
                .params(status, truncate(error, 900), nextAttempt, "PENDING".equals(status) ? null : now(), due.id())
                .update();
    }

    /** The email that says an endpoint was disabled, to the organisation's notification address. */
    private void tellOrganisation(WebhookEndpoints.Endpoint endpoint) {
        log.warn(
                "Webhook endpoint {} disabled: every delivery failed for {}", endpoint.id(), properties.disableAfter());
        accounts.organisation(endpoint.organisationId())
                .filter(org -> org.notificationEmail() != null)
                .ifPresent(org -> {
                    String period = WebhookEndpoints.humane(properties.disableAfter());
                    String subject = "Signet disabled a webhook endpoint: " + endpoint.url();
                    String text = """
                            Every delivery to this webhook endpoint has failed for %s, so Signet has stopped sending to it:

                              %s (endpoint %s, %s mode)

                            Its messages are kept. Once the receiver works again, enable the endpoint
                            (PATCH /v2/webhook-endpoints/%s with {"status": "ENABLED"}); what is pending is then
                            delivered in order. GET /v2/webhook-endpoints/%s/deliveries shows each try and its error.
                            """.formatted(
                                    period,
                                    endpoint.url(),
                                    endpoint.id(),
                                    endpoint.mode().dbValue(),
                                    endpoint.id(),
                                    endpoint.id());
                    String html = "<p>Every delivery to this webhook endpoint has failed for " + period
                            + ", so Signet has stopped sending to it:</p><p><code>"
                            + HtmlUtils.htmlEscape(endpoint.url())
                            + "</code> (endpoint " + endpoint.id() + ", "
                            + endpoint.mode().dbValue() + " mode)</p>"
                            + "<p>Its messages are kept. Once the receiver works again, enable the endpoint"
                            + " (<code>PATCH /v2/webhook-endpoints/" + endpoint.id() + "</code> with"
                            + " <code>{\"status\": \"ENABLED\"}</code>); what is pending is then delivered in order.</p>";
                    outbox.queue(new OutboundMessage(
                            endpoint.organisationId(),
                            endpoint.mode(),
                            null,
                            null,
                            Channel.EMAIL,
                            "WEBHOOK_DISABLED",
                            org.notificationEmail(),
                            org.name(),
                            null,
                            subject,
                            text,
                            html));
                });
    }

    private static String truncate(String value, int max) {
        return value == null || value.length() <= max ? value : value.substring(0, max);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
