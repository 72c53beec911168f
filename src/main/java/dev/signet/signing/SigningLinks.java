package dev.signet.signing;

import dev.signet.SignetProperties;
import dev.signet.account.Secrets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Signing tokens: 128 random bits, handed out once inside a link and stored only as a SHA-256.
 * A recipient may hold several valid tokens (invitation, reminders); each expires on its own.
 */
@Service
public class SigningLinks {

    private final JdbcClient jdbc;
    private final SignetProperties properties;

    SigningLinks(JdbcClient jdbc, SignetProperties properties) {
        this.jdbc = jdbc;
        this.properties = properties;
    }

    /** {@code held}: an embedded signer's token, made at create, whose sign group is not reached yet. */
    public record TokenRecord(UUID tokenId, UUID recipientId, OffsetDateTime expiresAt, boolean held) {
        public boolean expired() {
            return !expiresAt.isAfter(now());
        }
    }

    /** Makes a new token and returns it: the only time the plain token exists. */
    @Transactional
    public String issue(UUID recipientId, OffsetDateTime expiresAt) {
        String token = Secrets.random(16);
        jdbc.sql(
                        "insert into signing_token (id, recipient_id, token_hash, expires_at, created_at) values (?, ?, ?, ?, ?)")
                .params(UUID.randomUUID(), recipientId, Secrets.sha256Hex(token), expiresAt, now())
                .update();
        return token;
    }

    public String url(String token) {
        return properties.publicUrl() + "/sign/" + token;
    }

    /** The address an integrator frames for an embedded signer. */
    public String embeddedUrl(String token) {
        return properties.publicUrl() + "/embedded/sign/" + token;
    }

    /**
     * An embedded signer's token, made when the envelope is (the create answer is its only copy) and
     * held until {@link #release} when the signer's sign group is reached.
     */
    @Transactional
    public String issueHeld(UUID recipientId, OffsetDateTime expiresAt) {
        String token = Secrets.random(16);
        jdbc.sql("insert into signing_token (id, recipient_id, token_hash, expires_at, created_at, held)"
                        + " values (?, ?, ?, ?, ?, true)")
                .params(UUID.randomUUID(), recipientId, Secrets.sha256Hex(token), expiresAt, now())
                .update();
        return token;
    }

    /**
     * The recipient's held tokens may be used from now, until {@code expiresAt}: their time to sign
     * starts when it is their turn. A token already released keeps its expiry.
     */
    @Transactional
    public void release(UUID recipientId, OffsetDateTime expiresAt) {
        jdbc.sql("update signing_token set held = false, expires_at = ?"
                        + " where recipient_id = ? and held and revoked_at is null")
                .params(expiresAt, recipientId)
                .update();
    }

    /** The unrevoked token a presented value stands for, expired or not. */
    public Optional<TokenRecord> find(String token) {
        if (token == null || token.length() > 64) {
            return Optional.empty();
        }
        return jdbc.sql(
                        "select id, recipient_id, expires_at, held from signing_token where token_hash = ? and revoked_at is null")
                .param(Secrets.sha256Hex(token))
                .query((rs, n) -> new TokenRecord(
                        rs.getObject("id", UUID.class),
                        rs.getObject("recipient_id", UUID.class),
                        rs.getObject("expires_at", OffsetDateTime.class),
                        rs.getBoolean("held")))
                .optional();
    }

    /** When the recipient's newest link stops working; empty if they hold none. */
    public Optional<OffsetDateTime> expiresAt(UUID recipientId) {
        return jdbc.sql("select max(expires_at) from signing_token where recipient_id = ? and revoked_at is null")
                .param(recipientId)
                .query(OffsetDateTime.class)
                .optional();
    }

    /** Whether any link was made for the recipient after {@code since} (revoked ones count). */
    public boolean issuedSince(UUID recipientId, OffsetDateTime since) {
        return jdbc.sql("select count(*) from signing_token where recipient_id = ? and created_at > ?")
                        .params(recipientId, since)
                        .query(Long.class)
                        .single()
                > 0;
    }

    /** When the recipient's newest link was made (revoked ones count); empty if none ever was. */
    public Optional<OffsetDateTime> lastIssued(UUID recipientId) {
        return jdbc.sql("select max(created_at) from signing_token where recipient_id = ?")
                .param(recipientId)
                .query(OffsetDateTime.class)
                .optional();
    }

    public boolean hasValidLink(UUID recipientId) {
        return expiresAt(recipientId).map(t -> t.isAfter(now())).orElse(false);
    }

    /** Gives every unrevoked token of a recipient a new expiry. */
    @Transactional
    public void extend(UUID recipientId, OffsetDateTime expiresAt) {
        jdbc.sql("update signing_token set expires_at = ? where recipient_id = ? and revoked_at is null")
                .params(expiresAt, recipientId)
                .update();
    }

    @Transactional
    public void revokeAll(UUID recipientId) {
        jdbc.sql("update signing_token set revoked_at = ? where recipient_id = ? and revoked_at is null")
                .params(now(), recipientId)
                .update();
    }

    static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}
