package dev.signet.account;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Organisations and their API keys. A key is shown once, when made; only its hash is kept. */
@Service
public class AccountService {

    private final JdbcClient jdbc;

    AccountService(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Organisation(UUID id, String name, String notificationEmail) {}

    @Transactional
    public UUID createOrganisation(String name, String notificationEmail) {
        UUID id = UUID.randomUUID();
        jdbc.sql("insert into organisation (id, name, notification_email, created_at) values (?, ?, ?, ?)")
                .params(id, name, notificationEmail, Instant.now().atOffset(java.time.ZoneOffset.UTC))
                .update();
        return id;
    }

    /** Longest name an admin may give a key. */
    public static final int KEY_NAME_MAX = 100;

    /** Most unrevoked keys one organisation may hold: the list stays one short page. */
    public static final int KEYS_MAX = 50;

    /** How often the last use of a key is written at most: the API does not write on every call. */
    static final Duration LAST_USED_GRAIN = Duration.ofMinutes(1);

    /** A key as its organisation's admin may see it: never the key, only the prefix it starts with. */
    public record ApiKeyInfo(
            UUID id,
            String name,
            Mode mode,
            String prefix,
            OffsetDateTime createdAt,
            Optional<OffsetDateTime> lastUsedAt) {}

    /** Makes a new random key and returns it: the only time the plain key exists. */
    @Transactional
    public String createApiKey(UUID organisationId, Mode mode) {
        String key = mode.keyPrefix() + Secrets.random(24);
        insertKey(organisationId, key, mode, null);
        return key;
    }

    /** Why a named key was not made. */
    public enum KeyRefusal {
        NAME_INVALID,
        TOO_MANY_KEYS
    }

    /** A named key made, shown this once, or why not. */
    public sealed interface NewKey {
        record Made(String key) implements NewKey {}

        record Refused(KeyRefusal reason) implements NewKey {}
    }

    /**
     * Makes a named key for the organisation (the portal's "create key"). The name is trimmed and must
     * be 1 to {@link #KEY_NAME_MAX} characters without control characters.
     */
    @Transactional
    public NewKey createNamedApiKey(UUID organisationId, Mode mode, String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty()
                || trimmed.length() > KEY_NAME_MAX
                || trimmed.codePoints().anyMatch(Character::isISOControl)) {
            return new NewKey.Refused(KeyRefusal.NAME_INVALID);
        }
        // Serialises creations per organisation so two at once cannot pass the limit together.
        jdbc.sql("select id from organisation where id = ? for update")
                .param(organisationId)
                .query(UUID.class)
                .optional();
        int active = jdbc.sql("select count(*) from api_key where organisation_id = ? and revoked_at is null")
                .param(organisationId)
                .query(Integer.class)
                .single();
        if (active >= KEYS_MAX) {
            return new NewKey.Refused(KeyRefusal.TOO_MANY_KEYS);
        }
        String key = mode.keyPrefix() + Secrets.random(24);
        insertKey(organisationId, key, mode, trimmed);
        return new NewKey.Made(key);
    }

    /** The organisation's unrevoked keys, newest first. */
    public List<ApiKeyInfo> apiKeys(UUID organisationId) {
        return jdbc.sql("""
                select id, name, mode, display_prefix, created_at, last_used_at from api_key
                where organisation_id = ? and revoked_at is null
                order by created_at desc, id limit ?""")
                .params(organisationId, KEYS_MAX)
                .query((rs, n) -> new ApiKeyInfo(
                        rs.getObject("id", UUID.class),
                        rs.getString("name"),
                        Mode.fromDb(rs.getString("mode")),
                        rs.getString("display_prefix"),
                        rs.getObject("created_at", OffsetDateTime.class),
                        Optional.ofNullable(rs.getObject("last_used_at", OffsetDateTime.class))))
                .list();
    }

    /**
     * Revokes one of the organisation's keys. Takes effect at once on every node: {@link #authenticate}
     * reads the database on every call and nothing caches a key. A key of another organisation is
     * unknown here, and false is the answer.
     */
    @Transactional
    public boolean revokeApiKey(UUID organisationId, UUID keyId) {
        return jdbc.sql("update api_key set revoked_at = ? where id = ? and organisation_id = ? and revoked_at is null")
                        .params(Instant.now().atOffset(ZoneOffset.UTC), keyId, organisationId)
                        .update()
                == 1;
    }

    /** Registers a key chosen outside Signet (the bootstrap key); its prefix says its mode. */
    @Transactional
    public void registerApiKey(UUID organisationId, String key) {
        Mode mode = modeOf(key)
                .orElseThrow(() -> new IllegalArgumentException("An API key must start with sk_live_ or sk_sandbox_"));
        if (key.length() < mode.keyPrefix().length() + 20) {
            throw new IllegalArgumentException("An API key needs at least 20 characters after its prefix");
        }
        insertKey(organisationId, key, mode, null);
    }

    private void insertKey(UUID organisationId, String key, Mode mode, String name) {
        jdbc.sql("""
                insert into api_key (id, organisation_id, mode, key_hash, display_prefix, created_at, name)
                values (?, ?, ?, ?, ?, ?, ?)""")
                .params(
                        UUID.randomUUID(),
                        organisationId,
                        mode.dbValue(),
                        Secrets.sha256Hex(key),
                        key.substring(0, mode.keyPrefix().length() + 4),
                        Instant.now().atOffset(ZoneOffset.UTC),
                        name)
                .update();
    }

    public boolean keyExists(String key) {
        return jdbc.sql("select count(*) from api_key where key_hash = ?")
                        .param(Secrets.sha256Hex(key))
                        .query(Integer.class)
                        .single()
                > 0;
    }

    /** The caller a presented key stands for, if it is a known, unrevoked key. */
    public Optional<Caller> authenticate(String presentedKey) {
        Optional<Mode> mode = modeOf(presentedKey);
        if (mode.isEmpty()) {
            return Optional.empty();
        }
        String hash = Secrets.sha256Hex(presentedKey);
        OffsetDateTime now = Instant.now().atOffset(ZoneOffset.UTC);
        OffsetDateTime stale = now.minus(LAST_USED_GRAIN);
        Optional<Use> use = jdbc.sql("""
                        select id, organisation_id, mode, key_hash, last_used_at from api_key
                        where key_hash = ? and revoked_at is null""")
                .param(hash)
                .query((rs, n) -> Secrets.constantTimeEquals(rs.getString("key_hash"), hash)
                        ? new Use(
                                new Caller(
                                        rs.getObject("organisation_id", UUID.class),
                                        Mode.fromDb(rs.getString("mode")),
                                        rs.getObject("id", UUID.class)),
                                rs.getObject("last_used_at", OffsetDateTime.class))
                        : null)
                .optional();
        // The last use is read with the key, so the write happens at most once a grain per key, not a
        // statement on every API call (the envelope benchmark's hot path).
        use.filter(u -> u.lastUsedAt() == null || u.lastUsedAt().isBefore(stale))
                .ifPresent(u -> noteUse(u.caller().apiKeyId(), now, stale));
        return use.map(Use::caller);
    }

    private record Use(Caller caller, OffsetDateTime lastUsedAt) {}

    /** Notes when a key was last used, at most once per {@link #LAST_USED_GRAIN} (also across nodes). */
    private void noteUse(UUID keyId, OffsetDateTime now, OffsetDateTime stale) {
        jdbc.sql("update api_key set last_used_at = ? where id = ? and (last_used_at is null or last_used_at < ?)")
                .params(now, keyId, stale)
                .update();
    }

    /** Longest organisation name (the column's width). */
    public static final int ORGANISATION_NAME_MAX = 200;

    /**
     * Renames the organisation (shown in the portal, on signing pages and in emails). The name is
     * trimmed and must be 1 to {@link #ORGANISATION_NAME_MAX} characters without control characters;
     * false if it is not.
     */
    @Transactional
    public boolean renameOrganisation(UUID id, String name) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty()
                || trimmed.length() > ORGANISATION_NAME_MAX
                || trimmed.codePoints().anyMatch(Character::isISOControl)) {
            return false;
        }
        return jdbc.sql("update organisation set name = ? where id = ?")
                        .params(trimmed, id)
                        .update()
                == 1;
    }

    public Optional<Organisation> organisation(UUID id) {
        return jdbc.sql("select id, name, notification_email from organisation where id = ?")
                .param(id)
                .query((rs, n) -> new Organisation(
                        rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("notification_email")))
                .optional();
    }

    public boolean anyOrganisation() {
        return jdbc.sql("select count(*) from organisation")
                        .query(Integer.class)
                        .single()
                > 0;
    }

    public Optional<UUID> firstOrganisation() {
        return jdbc.sql("select id from organisation order by created_at limit 1")
                .query(UUID.class)
                .optional();
    }

    static Optional<Mode> modeOf(String key) {
        for (Mode mode : Mode.values()) {
            if (key != null && key.startsWith(mode.keyPrefix())) {
                return Optional.of(mode);
            }
        }
        return Optional.empty();
    }
}
