package dev.signet.notification;

import dev.signet.account.Mode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Everything that leaves Signet goes through here: a row written in the caller's transaction, so a
 * rolled-back step sends nothing and a crash loses nothing. {@link OutboxDispatcher} delivers it.
 */
@Service
public class Outbox {

    private final JdbcClient jdbc;

    Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Queues a message; must run inside the transaction of the step that causes it. */
    @Transactional(propagation = Propagation.MANDATORY)
    public UUID queue(OutboundMessage m) {
        UUID id = UUID.randomUUID();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        jdbc.sql("""
                insert into outbox_message (id, organisation_id, mode, envelope_id, recipient_id, channel, kind, address,
                  from_name, reply_to, subject, body_text, body_html, status, attempts, next_attempt_at, created_at)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', 0, ?, ?)""")
                .params(
                        id,
                        m.organisationId(),
                        m.mode().dbValue(),
                        m.envelopeId(),
                        m.recipientId(),
                        m.channel().name(),
                        m.kind(),
                        m.address(),
                        m.fromName(),
                        m.replyTo(),
                        m.subject(),
                        m.text(),
                        m.html(),
                        now,
                        now)
                .update();
        return id;
    }

    /** A message as the sandbox outbox and the local mailbox page show it. */
    public record StoredMessage(
            UUID id,
            UUID envelopeId,
            UUID recipientId,
            String channel,
            String kind,
            String address,
            String subject,
            String text,
            String html,
            String status,
            int attempts,
            String lastError,
            OffsetDateTime createdAt,
            OffsetDateTime sentAt) {}

    public List<StoredMessage> list(UUID organisationId, Mode mode, UUID envelopeId, int limit) {
        return jdbc.sql("""
                        select id, envelope_id, recipient_id, channel, kind, address, subject, body_text, body_html, status,
                          attempts, last_error, created_at, sent_at
                        from outbox_message where organisation_id = :org and mode = :mode
                          and (cast(:envelope as uuid) is null or envelope_id = :envelope)
                        order by created_at desc, id limit :limit""")
                .param("org", organisationId)
                .param("mode", mode.dbValue())
                .param("envelope", envelopeId)
                .param("limit", limit)
                .query(Outbox::stored)
                .list();
    }

    public List<StoredMessage> all(int limit) {
        return jdbc.sql("""
                        select id, envelope_id, recipient_id, channel, kind, address, subject, body_text, body_html, status,
                          attempts, last_error, created_at, sent_at
                        from outbox_message order by created_at desc, id limit ?""").param(limit).query(Outbox::stored).list();
    }

    /** One message by its id, whoever it was for; only the embedded mailbox asks. */
    public java.util.Optional<StoredMessage> find(UUID id) {
        return jdbc.sql("""
                        select id, envelope_id, recipient_id, channel, kind, address, subject, body_text, body_html, status,
                          attempts, last_error, created_at, sent_at
                        from outbox_message where id = ?""").param(id).query(Outbox::stored).optional();
    }

    private static StoredMessage stored(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        return new StoredMessage(
                rs.getObject("id", UUID.class),
                rs.getObject("envelope_id", UUID.class),
                rs.getObject("recipient_id", UUID.class),
                rs.getString("channel"),
                rs.getString("kind"),
                rs.getString("address"),
                rs.getString("subject"),
                rs.getString("body_text"),
                rs.getString("body_html"),
                rs.getString("status"),
                rs.getInt("attempts"),
                rs.getString("last_error"),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("sent_at", OffsetDateTime.class));
    }
}
