package dev.signet.account;

import java.time.Instant;
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

    /** Makes a new random key and returns it: the only time the plain key exists. */
    @Transactional
    public String createApiKey(UUID organisationId, Mode mode) {
        String key = mode.keyPrefix() + Secrets.random(24);
        registerApiKey(organisationId, key);
        return key;
    }

    /** Registers a key chosen outside Signet (the bootstrap key); its prefix says its mode. */
    @Transactional
    public void registerApiKey(UUID organisationId, String key) {
        Mode mode = modeOf(key)
                .orElseThrow(() -> new IllegalArgumentException("An API key must start with sk_live_ or sk_sandbox_"));
        if (key.length() < mode.keyPrefix().length() + 20) {
            throw new IllegalArgumentException("An API key needs at least 20 characters after its prefix");
        }
        jdbc.sql("""
                insert into api_key (id, organisation_id, mode, key_hash, display_prefix, created_at)
                values (?, ?, ?, ?, ?, ?)""")
                .params(
                        UUID.randomUUID(),
                        organisationId,
                        mode.dbValue(),
                        Secrets.sha256Hex(key),
                        key.substring(0, mode.keyPrefix().length() + 4),
                        Instant.now().atOffset(java.time.ZoneOffset.UTC))
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
        return jdbc.sql(
                        "select id, organisation_id, mode, key_hash from api_key where key_hash = ? and revoked_at is null")
                .param(hash)
                .query((rs, n) -> Secrets.constantTimeEquals(rs.getString("key_hash"), hash)
                        ? new Caller(
                                rs.getObject("organisation_id", UUID.class),
                                Mode.fromDb(rs.getString("mode")),
                                rs.getObject("id", UUID.class))
                        : null)
                .optional();
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
