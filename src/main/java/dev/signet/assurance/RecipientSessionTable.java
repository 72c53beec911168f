package dev.signet.assurance;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What the tables of a recipient's sessions at a provider ({@code idv_session}, {@code yoti_share})
 * have alike: rows added one at a time under the recipient's row lock, counted against the
 * recipient's limit, the newest one the one that counts. Each store keeps its own columns, states
 * and updates.
 */
final class RecipientSessionTable<R> {

    private final JdbcClient jdbc;
    private final String table;
    private final String columns;
    private final RowMapper<R> rows;

    RecipientSessionTable(JdbcClient jdbc, String table, String columns, RowMapper<R> rows) {
        this.jdbc = jdbc;
        this.table = table;
        this.columns = columns;
        this.rows = rows;
    }

    /** Holds the recipient's row until commit: one recipient's sessions start and conclude one at a time. */
    void lockRecipient(UUID recipientId) {
        jdbc.sql("select id from recipient where id = ? for update")
                .param(recipientId)
                .query(UUID.class)
                .optional();
    }

    int count(UUID recipientId) {
        return jdbc.sql("select count(*) from " + table + " where recipient_id = ?")
                .param(recipientId)
                .query(Integer.class)
                .single();
    }

    Optional<R> newest(UUID recipientId) {
        return jdbc
                .sql("select " + columns + " from " + table + " where recipient_id = ? order by created_at desc")
                .param(recipientId)
                .query(rows)
                .stream()
                .findFirst();
    }

    /** A new row: one value per column, in the order of the columns. */
    void insert(Object... values) {
        String placeholders = "?" + ", ?".repeat(values.length - 1);
        jdbc.sql("insert into " + table + " (" + columns + ") values (" + placeholders + ")")
                .params(values)
                .update();
    }

    static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }
}
