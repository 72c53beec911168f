package dev.signet.portal;

import dev.signet.account.SecretBox;
import dev.signet.account.Secrets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The portal's tables: users and the single-use tokens of their password links. Only hashes are
 * kept: the password's (Argon2, by {@link Passwords}) and the token's (SHA-256; 192 random bits).
 * The TOTP seed must be read back to check a code, so it is sealed by {@link SecretBox} instead.
 */
@Repository
class PortalUsers {

    enum Purpose {
        INVITE,
        RESET
    }

    private static final String COLUMNS =
            "id, organisation_id, email, role, active, password_hash is not null as has_password";

    static final SecretBox.Column TOTP_SECRET = new SecretBox.Column("portal_user", "totp_secret", List.of("id"));

    private final JdbcClient jdbc;
    private final SecretBox box;

    PortalUsers(JdbcClient jdbc, SecretBox box) {
        this.jdbc = jdbc;
        this.box = box;
    }

    static String normalise(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }

    UUID create(UUID organisationId, String email, Role role, String passwordHash) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                insert into portal_user (id, organisation_id, email, role, password_hash, active, failed_logins, created_at)
                values (?, ?, ?, ?, ?, true, 0, ?)""")
                .params(id, organisationId, normalise(email), role.name(), passwordHash, now())
                .update();
        return id;
    }

    Optional<PortalUser> find(UUID id) {
        return jdbc.sql("select " + COLUMNS + " from portal_user where id = ?")
                .param(id)
                .query(PortalUsers::user)
                .optional();
    }

    Optional<PortalUser> byEmail(String email) {
        return jdbc.sql("select " + COLUMNS + " from portal_user where email = ?")
                .param(normalise(email))
                .query(PortalUsers::user)
                .optional();
    }

    /** The user in this organisation, or empty: another organisation's user is as good as unknown. */
    Optional<PortalUser> inOrganisation(UUID organisationId, UUID id) {
        return find(id).filter(u -> u.organisationId().equals(organisationId));
    }

    List<PortalUser> ofOrganisation(UUID organisationId) {
        return jdbc.sql("select " + COLUMNS + " from portal_user where organisation_id = ? order by email limit 1000")
                .param(organisationId)
                .query(PortalUsers::user)
                .list();
    }

    boolean anyAdmin(UUID organisationId) {
        return jdbc.sql("select count(*) from portal_user where organisation_id = ? and role = 'ADMIN' and active")
                        .param(organisationId)
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /** What login needs: the hash, and how the account stands after earlier failures. */
    record Credentials(String passwordHash, int failedLogins, OffsetDateTime lockedUntil) {}

    Optional<Credentials> credentials(UUID id) {
        return jdbc.sql("select password_hash, failed_logins, locked_until from portal_user where id = ?")
                .param(id)
                .query((rs, n) -> new Credentials(
                        rs.getString("password_hash"),
                        rs.getInt("failed_logins"),
                        rs.getObject("locked_until", OffsetDateTime.class)))
                .optional();
    }

    /** Counts a wrong password; the {@code lockAfter}-th in a row locks the account for {@code lockFor}. */
    void recordFailure(UUID id, int lockAfter, Duration lockFor) {
        jdbc.sql("""
                update portal_user set
                  locked_until = case when failed_logins + 1 >= ? then ? else locked_until end,
                  failed_logins = case when failed_logins + 1 >= ? then 0 else failed_logins + 1 end
                where id = ?""").params(lockAfter, now().plus(lockFor), lockAfter, id).update();
    }

    void recordSuccess(UUID id) {
        jdbc.sql("update portal_user set failed_logins = 0, locked_until = null where id = ?")
                .param(id)
                .update();
    }

    /** A new password ends a lock and every other open link of the user. */
    void setPassword(UUID id, String passwordHash) {
        jdbc.sql("update portal_user set password_hash = ?, failed_logins = 0, locked_until = null where id = ?")
                .params(passwordHash, id)
                .update();
        jdbc.sql("update portal_token set used_at = ? where user_id = ? and used_at is null")
                .params(now(), id)
                .update();
    }

    void setRole(UUID id, Role role) {
        jdbc.sql("update portal_user set role = ? where id = ?")
                .params(role.name(), id)
                .update();
    }

    /** A deactivated user cannot log in, and their open session ends at its next request. */
    void deactivate(UUID id) {
        jdbc.sql("update portal_user set active = false where id = ?").param(id).update();
        jdbc.sql("update portal_token set used_at = ? where user_id = ? and used_at is null")
                .params(now(), id)
                .update();
    }

    /** A user's TOTP state: the secret (null before enrolment), whether it is in use, the last step accepted. */
    record TotpState(String secret, boolean enabled, long lastStep) {}

    TotpState totp(UUID id) {
        return jdbc.sql(
                        "select totp_secret, totp_enabled, coalesce(totp_last_step, -1) as last_step from portal_user where id = ?")
                .param(id)
                .query((rs, n) -> new TotpState(
                        box.openStored(rs.getString("totp_secret"), TOTP_SECRET.context(id)),
                        rs.getBoolean("totp_enabled"),
                        rs.getLong("last_step")))
                .single();
    }

    /** Starts enrolment with a new secret; it is used for login only once {@link #enableTotp} confirms it. */
    void startTotp(UUID id, String secret) {
        jdbc.sql("update portal_user set totp_secret = ?, totp_enabled = false, totp_last_step = null where id = ?")
                .params(box.seal(secret, TOTP_SECRET.context(id)), id)
                .update();
    }

    /**
     * Takes a time step as used, once: false when this step or a later one was taken already (a code
     * seen twice, or two requests racing with one code).
     */
    boolean takeStep(UUID id, long step) {
        return jdbc.sql("update portal_user set totp_last_step = ? where id = ?"
                                + " and (totp_last_step is null or totp_last_step < ?)")
                        .params(step, id, step)
                        .update()
                == 1;
    }

    /** TOTP in use from now on, with these recovery codes (hashes) replacing any earlier ones. */
    void enableTotp(UUID id, List<String> recoveryHashes) {
        jdbc.sql("update portal_user set totp_enabled = true where id = ?")
                .param(id)
                .update();
        jdbc.sql("delete from portal_recovery_code where user_id = ?").param(id).update();
        for (String hash : recoveryHashes) {
            jdbc.sql("insert into portal_recovery_code (user_id, code_hash) values (?, ?)")
                    .params(id, hash)
                    .update();
        }
    }

    void disableTotp(UUID id) {
        jdbc.sql("update portal_user set totp_secret = null, totp_enabled = false, totp_last_step = null where id = ?")
                .param(id)
                .update();
        jdbc.sql("delete from portal_recovery_code where user_id = ?").param(id).update();
    }

    /** Uses up one recovery code; false when it is not one of the user's unused codes. */
    boolean useRecoveryCode(UUID id, String hash) {
        return jdbc.sql(
                                "update portal_recovery_code set used_at = ? where user_id = ? and code_hash = ? and used_at is null")
                        .params(now(), id, hash)
                        .update()
                == 1;
    }

    /** A new single-use token for the user; the only time it exists in plain. */
    String issueToken(UUID userId, Purpose purpose, Duration validFor) {
        String token = Secrets.random(24);
        jdbc.sql("""
                insert into portal_token (token_hash, user_id, purpose, expires_at, created_at)
                values (?, ?, ?, ?, ?)""")
                .params(Secrets.sha256Hex(token), userId, purpose.name(), now().plus(validFor), now())
                .update();
        return token;
    }

    /** The user an unused, unexpired token stands for, without using it up (the page that asks for a password). */
    Optional<UUID> peek(String token) {
        if (!wellFormed(token)) {
            return Optional.empty();
        }
        return jdbc.sql("""
                select t.user_id from portal_token t join portal_user u on u.id = t.user_id
                where t.token_hash = ? and t.used_at is null and t.expires_at > ? and u.active""")
                .params(Secrets.sha256Hex(token), now())
                .query(UUID.class)
                .optional();
    }

    /**
     * Uses the token up: the user it stood for, once; empty when it is unknown, used or expired. Two
     * requests with one token race on one row update, and only one of them changes it.
     */
    Optional<UUID> redeem(String token) {
        Optional<UUID> user = peek(token);
        if (user.isEmpty()) {
            return user;
        }
        int changed = jdbc.sql("update portal_token set used_at = ? where token_hash = ? and used_at is null")
                .params(now(), Secrets.sha256Hex(token))
                .update();
        return changed == 1 ? user : Optional.empty();
    }

    private static boolean wellFormed(String token) {
        return token != null
                && token.length() <= 64
                && token.chars().allMatch(c -> Character.isLetterOrDigit(c) || c == '-' || c == '_');
    }

    private static PortalUser user(ResultSet rs, int n) throws SQLException {
        return new PortalUser(
                rs.getObject("id", UUID.class),
                rs.getObject("organisation_id", UUID.class),
                rs.getString("email"),
                Role.valueOf(rs.getString("role")),
                rs.getBoolean("active"),
                rs.getBoolean("has_password"));
    }
}
