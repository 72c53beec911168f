package dev.signet.envelope;

import dev.signet.account.Caller;
import dev.signet.web.ApiException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * {@code Idempotency-Key} for POSTs that create: the same key with the same body answers what the
 * first request answered; with another body, 422. Keys are kept 24 hours.
 */
@Service
class IdempotencyStore {

    static final Duration RETENTION = Duration.ofHours(24);

    record StoredResponse(int status, String body) {}

    private final JdbcClient jdbc;

    IdempotencyStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The earlier answer to this key, or empty when the key is new; 422 when the body differs. */
    public Optional<StoredResponse> replay(Caller caller, String key, String requestHash) {
        validateKey(key);
        return jdbc.sql("""
                        select request_hash, response_status, response_body from idempotency_key
                        where organisation_id = ? and mode = ? and idem_key = ? and created_at > ?""")
                .params(caller.organisationId(), caller.mode().dbValue(), key, now().minus(RETENTION))
                .query((rs, n) -> {
                    if (!rs.getString("request_hash").equals(requestHash)) {
                        throw new ApiException(
                                HttpStatus.UNPROCESSABLE_ENTITY,
                                "IDEMPOTENCY_KEY_REUSED",
                                "This Idempotency-Key was used for a different request");
                    }
                    return new StoredResponse(rs.getInt("response_status"), rs.getString("response_body"));
                })
                .optional();
    }

    /**
     * Records the answer in the creating transaction. A concurrent request with the same key fails
     * on the primary key and rolls back, so only one of them creates anything.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void remember(Caller caller, String key, String requestHash, int status, String body) {
        jdbc.sql(
                        "delete from idempotency_key where organisation_id = ? and mode = ? and idem_key = ? and created_at <= ?")
                .params(caller.organisationId(), caller.mode().dbValue(), key, now().minus(RETENTION))
                .update();
        jdbc.sql("""
                insert into idempotency_key (organisation_id, mode, idem_key, request_hash, response_status,
                  response_body, created_at) values (?, ?, ?, ?, ?, ?, ?)""")
                .params(caller.organisationId(), caller.mode().dbValue(), key, requestHash, status, body, now())
                .update();
    }

    @Scheduled(fixedDelay = 3_600_000, initialDelay = 60_000)
    void purgeExpired() {
        jdbc.sql("delete from idempotency_key where created_at <= ?")
                .param(now().minus(RETENTION))
                .update();
    }

    private static void validateKey(String key) {
        if (key.isBlank() || key.length() > 255) {
            throw ApiException.badRequest("MALFORMED_REQUEST", "Idempotency-Key must be 1 to 255 characters");
        }
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
