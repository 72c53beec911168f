package dev.signet.notification.webhook;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Erases delivered webhooks once {@code signet.retention.delivered-webhooks} has passed since they
 * were delivered: the message (whose body names the recipients), its place in the endpoint's queue
 * and its attempts. The receiver has them; the delivery log and replay reach back that far.
 * Messages that are pending or failed stay, so they can still be sent or replayed.
 */
@Component
class WebhookRetention {

    private static final Logger log = LoggerFactory.getLogger(WebhookRetention.class);
    private static final int BATCH = 500;
    private static final int MAX_BATCHES_PER_RUN = 100;

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Duration retention;

    WebhookRetention(
            JdbcClient jdbc,
            TransactionTemplate tx,
            @Value("${signet.retention.delivered-webhooks:P30D}") Duration retention) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.retention = retention;
    }

    @Scheduled(fixedDelayString = "${signet.retention.purge-interval:PT1H}", initialDelayString = "PT5M")
    void purgeDue() {
        int purged = purgeDeliveredBefore(OffsetDateTime.now(ZoneOffset.UTC).minus(retention));
        if (purged > 0) {
            log.info("Purged {} delivered webhook message(s)", purged);
        }
    }

    /** @return how many delivered messages were erased, in batches of their own transaction each */
    int purgeDeliveredBefore(OffsetDateTime cutoff) {
        int purged = 0;
        for (int batch = 0; batch < MAX_BATCHES_PER_RUN; batch++) {
            List<UUID> due =
                    jdbc.sql("""
                            select w.outbox_id from webhook_message w join outbox_message o on o.id = w.outbox_id
                            where o.status = 'SENT' and o.sent_at <= ? limit ?""").params(cutoff, BATCH).query(UUID.class).list();
            if (due.isEmpty()) {
                break;
            }
            tx.executeWithoutResult(status -> {
                jdbc.sql("delete from webhook_attempt where outbox_id in (:ids)")
                        .param("ids", due)
                        .update();
                jdbc.sql("delete from webhook_message where outbox_id in (:ids)")
                        .param("ids", due)
                        .update();
                jdbc.sql("delete from outbox_message where id in (:ids)")
                        .param("ids", due)
                        .update();
            });
            purged += due.size();
        }
        return purged;
    }
}
