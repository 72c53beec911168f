package dev.signet.account;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Supplier;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Secrets Signet makes for itself and keeps in its database (table {@code stored_secret}), away
 * from the files they protect. Values are random and never shown; only Signet reads them.
 */
@Component
public class StoredSecrets {

    private final JdbcClient jdbc;

    StoredSecrets(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<String> find(String name) {
        return jdbc.sql("select secret from stored_secret where name = ?")
                .param(name)
                .query(String.class)
                .optional();
    }

    /** The stored secret, storing {@code initial} first if there is none (the first writer wins a race). */
    public String keep(String name, Supplier<String> initial) {
        Optional<String> stored = find(name);
        if (stored.isPresent()) {
            return stored.get();
        }
        try {
            insert(name, initial.get());
        } catch (DuplicateKeyException raced) {
            // another node stored one first: use theirs
        }
        return find(name).orElseThrow();
    }

    /** Replaces the stored secret when it is still {@code expected}; false when another writer changed it first. */
    boolean replace(String name, String expected, String secret) {
        return jdbc.sql("update stored_secret set secret = ? where name = ? and secret = ?")
                        .params(secret, name, expected)
                        .update()
                == 1;
    }

    private void insert(String name, String secret) {
        jdbc.sql("insert into stored_secret (name, secret, created_at) values (?, ?, ?)")
                .params(name, secret, OffsetDateTime.now(ZoneOffset.UTC))
                .update();
    }
}
