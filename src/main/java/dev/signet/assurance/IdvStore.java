package dev.signet.assurance;

import static dev.signet.assurance.RecipientSessionTable.utc;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code idv_session} and {@code idv_allowance} tables. */
@Repository
class IdvStore {

    /** Where a session stands on Signet's side. */
    enum SessionState {
        /** Created at the provider; the person has not come back yet. */
        STARTED,
        /** The person came back; the result is to be fetched. */
        FINISHED,
        APPROVED,
        DOCUMENT_REJECTED,
        NAME_MISMATCH;

        boolean open() {
            return this == STARTED;
        }

        boolean concluded() {
            return this == APPROVED || this == DOCUMENT_REJECTED || this == NAME_MISMATCH;
        }
    }

    record Row(
            UUID id,
            UUID envelopeId,
            UUID recipientId,
            String provider,
            String providerSessionId,
            String sessionConfigName,
            String userUrl,
            SessionState state,
            String verifiedName,
            String resultJson,
            Instant createdAt,
            Instant completedAt) {}

    private static final String COLUMNS = "id, envelope_id, recipient_id, provider, provider_session_id, "
            + "session_config_name, user_url, state, verified_name, result_json, created_at, completed_at";

    private final JdbcClient jdbc;
    private final RecipientSessionTable<Row> sessions;

    IdvStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.sessions = new RecipientSessionTable<>(jdbc, "idv_session", COLUMNS, IdvStore::row);
    }

    /** Holds the recipient's row until commit: sessions of one recipient are counted one after the other. */
    void lockRecipient(UUID recipientId) {
        sessions.lockRecipient(recipientId);
    }

    int sessions(UUID recipientId) {
        return sessions.count(recipientId);
    }

    Optional<Integer> allowance(UUID recipientId) {
        return jdbc.sql("select session_limit from idv_allowance where recipient_id = ?")
                .param(recipientId)
                .query(Integer.class)
                .optional();
    }

    void setAllowance(UUID recipientId, int limit) {
        if (jdbc.sql("update idv_allowance set session_limit = ? where recipient_id = ?")
                        .params(limit, recipientId)
                        .update()
                == 0) {
            jdbc.sql("insert into idv_allowance (recipient_id, session_limit) values (?, ?)")
                    .params(recipientId, limit)
                    .update();
        }
    }

    void insert(Row row) {
        sessions.insert(
                row.id(),
                row.envelopeId(),
                row.recipientId(),
                row.provider(),
                row.providerSessionId(),
                row.sessionConfigName(),
                row.userUrl(),
                row.state().name(),
                row.verifiedName(),
                row.resultJson(),
                utc(row.createdAt()),
                utc(row.completedAt()));
    }

    Optional<Row> newest(UUID recipientId) {
        return sessions.newest(recipientId);
    }

    Optional<String> newestConcludedState(UUID recipientId) {
        return jdbc
                .sql("select state from idv_session where recipient_id = ? and completed_at is not null "
                        + "order by completed_at desc")
                .param(recipientId)
                .query(String.class)
                .stream()
                .findFirst();
    }

    /** The person came back from the provider: the session's result may now be fetched. */
    boolean markFinished(UUID id, Instant at) {
        return jdbc.sql("update idv_session set state = 'FINISHED', finished_at = ? where id = ? and state = 'STARTED'")
                        .params(utc(at), id)
                        .update()
                == 1;
    }

    void conclude(UUID id, SessionState state, String verifiedName, String resultJson, Instant at) {
        jdbc.sql("update idv_session set state = ?, verified_name = ?, result_json = ?, completed_at = ? where id = ?")
                .params(state.name(), verifiedName, resultJson, utc(at), id)
                .update();
    }

    void keepResult(UUID id, String resultJson) {
        jdbc.sql("update idv_session set result_json = ? where id = ?")
                .params(resultJson, id)
                .update();
    }

    private static Row row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        OffsetDateTime completed = rs.getObject("completed_at", OffsetDateTime.class);
        return new Row(
                rs.getObject("id", UUID.class),
                rs.getObject("envelope_id", UUID.class),
                rs.getObject("recipient_id", UUID.class),
                rs.getString("provider"),
                rs.getString("provider_session_id"),
                rs.getString("session_config_name"),
                rs.getString("user_url"),
                SessionState.valueOf(rs.getString("state")),
                rs.getString("verified_name"),
                rs.getString("result_json"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                completed == null ? null : completed.toInstant());
    }
}
