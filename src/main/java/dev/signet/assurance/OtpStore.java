package dev.signet.assurance;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The {@code otp_code} table. Every change that a rule depends on is one conditional update, so
 * two requests at once can neither use a code twice nor get more tries than the limit.
 */
@Repository
class OtpStore {

    record Row(
            UUID id,
            UUID recipientId,
            String channel,
            String codeHash,
            Instant createdAt,
            Instant expiresAt,
            int attempts,
            Instant usedAt) {}

    private final JdbcClient jdbc;

    OtpStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Holds the envelope's row until commit, so the sends of one recipient are counted one after
     * the other (the audit trail takes the same lock, in the same order, for its chain).
     */
    void lockEnvelope(UUID envelopeId) {
        jdbc.sql("select id from envelope where id = ? for update")
                .param(envelopeId)
                .query(UUID.class)
                .optional();
    }

    /** Creation times of the recipient's codes since {@code since}, oldest first. */
    List<Instant> sentSince(UUID recipientId, Instant since) {
        return jdbc.sql("select created_at from otp_code where recipient_id = ? and created_at > ? order by created_at")
                .params(recipientId, utc(since))
                .query((rs, n) -> rs.getObject(1, OffsetDateTime.class).toInstant())
                .list();
    }

    /** Ends every code of the recipient still open: only the newest code works. */
    void supersedeOpen(UUID recipientId, Instant at) {
        jdbc.sql(
                        "update otp_code set superseded_at = ? where recipient_id = ? and used_at is null and superseded_at is null")
                .params(utc(at), recipientId)
                .update();
    }

    void insert(UUID id, UUID recipientId, String channel, String codeHash, Instant createdAt, Instant expiresAt) {
        jdbc.sql("""
                insert into otp_code (id, recipient_id, channel, code_hash, created_at, expires_at, attempts)
                values (?, ?, ?, ?, ?, ?, 0)""")
                .params(id, recipientId, channel, codeHash, utc(createdAt), utc(expiresAt))
                .update();
    }

    /** The recipient's newest code, whatever became of it. */
    Optional<Row> newest(UUID recipientId) {
        return jdbc.sql("""
                        select id, recipient_id, channel, code_hash, created_at, expires_at, attempts, used_at
                        from otp_code where recipient_id = ? order by created_at desc, id limit 1""")
                .param(recipientId)
                .query((rs, n) -> new Row(
                        rs.getObject("id", UUID.class),
                        rs.getObject("recipient_id", UUID.class),
                        rs.getString("channel"),
                        rs.getString("code_hash"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
                        rs.getInt("attempts"),
                        Optional.ofNullable(rs.getObject("used_at", OffsetDateTime.class))
                                .map(OffsetDateTime::toInstant)
                                .orElse(null)))
                .optional();
    }

    /**
     * Takes one of the code's tries before the code is compared, so requests at once cannot
     * compare more often than {@code maxTries}. Returns how many tries the code has had with this
     * one (exact: our update holds the row until commit), or empty when none is left or it is used.
     */
    OptionalInt takeTry(UUID id, int maxTries) {
        int taken = jdbc.sql(
                        "update otp_code set attempts = attempts + 1 where id = ? and attempts < ? and used_at is null")
                .params(id, maxTries)
                .update();
        if (taken != 1) {
            return OptionalInt.empty();
        }
        return OptionalInt.of(jdbc.sql("select attempts from otp_code where id = ?")
                .param(id)
                .query(Integer.class)
                .single());
    }

    /** Marks the code used; false when it was used (or superseded) meanwhile. */
    boolean markUsed(UUID id, Instant at) {
        return jdbc.sql("update otp_code set used_at = ? where id = ? and used_at is null and superseded_at is null")
                        .params(utc(at), id)
                        .update()
                == 1;
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
