package dev.signet.envelope;

import dev.signet.document.DocumentStore;
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
 * Erases what a deleted envelope held once {@code signet.retention.deleted-envelopes} has passed:
 * documents, recipients (names, emails, phones), tags and values, links and messages. The
 * envelope row stays as the audit summary (id, organisation, name, status, dates) with its
 * options, which name the recipients, cleared.
 */
@Component
class DeletedEnvelopePurge {

    private static final Logger log = LoggerFactory.getLogger(DeletedEnvelopePurge.class);

    private final JdbcClient jdbc;
    private final DocumentStore documents;
    private final TransactionTemplate tx;
    private final Duration retention;

    DeletedEnvelopePurge(
            JdbcClient jdbc,
            DocumentStore documents,
            TransactionTemplate tx,
            @Value("${signet.retention.deleted-envelopes:P7D}") Duration retention) {
        this.jdbc = jdbc;
        this.documents = documents;
        this.tx = tx;
        this.retention = retention;
    }

    @Scheduled(fixedDelayString = "${signet.retention.purge-interval:PT1H}", initialDelayString = "PT5M")
    void purgeDue() {
        OffsetDateTime cutoff = OffsetDateTime.now(ZoneOffset.UTC).minus(retention);
        List<UUID> due = jdbc.sql("select id from envelope where deleted_at <= ? and options_json <> '{}' limit 100")
                .param(cutoff)
                .query(UUID.class)
                .list();
        due.forEach(id -> tx.executeWithoutResult(status -> purge(id)));
        if (!due.isEmpty()) {
            log.info("Purged {} deleted envelope(s)", due.size());
        }
    }

    void purge(UUID envelopeId) {
        String recipients = "select id from recipient where envelope_id = ?";
        jdbc.sql("delete from envelope_file where envelope_id = ?")
                .param(envelopeId)
                .update();
        jdbc.sql("delete from tag where recipient_id in (" + recipients + ")")
                .param(envelopeId)
                .update();
        jdbc.sql("delete from signing_token where recipient_id in (" + recipients + ")")
                .param(envelopeId)
                .update();
        jdbc.sql("delete from outbox_message where envelope_id = ?")
                .param(envelopeId)
                .update();
        jdbc.sql("delete from recipient where envelope_id = ?")
                .param(envelopeId)
                .update();
        documents.deleteAll(envelopeId);
        jdbc.sql("update envelope set options_json = '{}', errors_json = null where id = ?")
                .param(envelopeId)
                .update();
    }
}
