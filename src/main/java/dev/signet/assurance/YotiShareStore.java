package dev.signet.assurance;

import static dev.signet.assurance.RecipientSessionTable.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code yoti_share} table: a recipient's share sessions, and only what evidence needs of them. */
@Repository
class YotiShareStore {

    /** Where a share session stands on Signet's side. */
    enum ShareState {
        /** Created at the provider; nothing shared yet. */
        STARTED,
        /** Shared, and the email was the recipient's. */
        PASSED,
        /** Shared, with another email address (or none). */
        EMAIL_MISMATCH,
        /** Over without a share: expired, cancelled, or a failure receipt. */
        ENDED;

        boolean open() {
            return this == STARTED;
        }

        /** A share that counts against the recipient's tries. */
        boolean refused() {
            return this == EMAIL_MISMATCH;
        }
    }

    record Row(
            UUID id,
            UUID envelopeId,
            UUID recipientId,
            String provider,
            String providerSessionId,
            String shareUri,
            ShareState state,
            String receiptId,
            String attributes,
            Instant createdAt,
            Instant completedAt) {}

    private static final String COLUMNS = "id, envelope_id, recipient_id, provider, provider_session_id, share_uri, "
            + "state, receipt_id, attributes, created_at, completed_at";

    private final JdbcClient jdbc;
    private final RecipientSessionTable<Row> shares;

    YotiShareStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.shares = new RecipientSessionTable<>(jdbc, "yoti_share", COLUMNS, YotiShareStore::row);
    }

    /** Holds the recipient's row until commit: one recipient's sessions start and conclude one at a time. */
    void lockRecipient(UUID recipientId) {
        shares.lockRecipient(recipientId);
    }

    int refusals(UUID recipientId) {
        return jdbc.sql("select count(*) from yoti_share where recipient_id = ? and state = ?")
                .params(recipientId, ShareState.EMAIL_MISMATCH.name())
                .query(Integer.class)
                .single();
    }

    int sessions(UUID recipientId) {
        return shares.count(recipientId);
    }

    void insert(Row row) {
        shares.insert(
                row.id(),
                row.envelopeId(),
                row.recipientId(),
                row.provider(),
                row.providerSessionId(),
                row.shareUri(),
                row.state().name(),
                row.receiptId(),
                row.attributes(),
                utc(row.createdAt()),
                utc(row.completedAt()));
    }

    Optional<Row> newest(UUID recipientId) {
        return shares.newest(recipientId);
    }

    /**
     * Claims the right to ask the provider about an open session now: true at most once per
     * {@code interval}, whatever the number of pages and nodes asking.
     */
    boolean claimCheck(UUID id, Instant now, java.time.Duration interval) {
        return jdbc.sql("update yoti_share set checked_at = ? where id = ? and state = 'STARTED' "
                                + "and (checked_at is null or checked_at <= ?)")
                        .params(utc(now), id, utc(now.minus(interval)))
                        .update()
                == 1;
    }

    /** Concludes an open session once; false when another request concluded it first. */
    boolean conclude(UUID id, ShareState state, String receiptId, String attributes, Instant at) {
        return jdbc.sql("update yoti_share set state = ?, receipt_id = ?, attributes = ?, completed_at = ? "
                                + "where id = ? and state = 'STARTED'")
                        .params(state.name(), receiptId, attributes, utc(at), id)
                        .update()
                == 1;
    }

    private static Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        OffsetDateTime completed = rs.getObject("completed_at", OffsetDateTime.class);
        return new Row(
                rs.getObject("id", UUID.class),
                rs.getObject("envelope_id", UUID.class),
                rs.getObject("recipient_id", UUID.class),
                rs.getString("provider"),
                rs.getString("provider_session_id"),
                rs.getString("share_uri"),
                ShareState.valueOf(rs.getString("state")),
                rs.getString("receipt_id"),
                rs.getString("attributes"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                completed == null ? null : completed.toInstant());
    }
}
