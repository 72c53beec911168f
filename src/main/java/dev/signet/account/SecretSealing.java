package dev.signet.account;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * At every start, once the database is migrated and before the server takes requests: every value
 * still plain in a {@link SecretBox.Column} is sealed, and every value sealed with a retired key is
 * sealed again with the current one. Rows go in batches, each changed by a compare-and-set update
 * (the row still holds what was read), so two nodes starting at once share the work and neither
 * overwrites the other. A value that does not open stops the start with the setting to fix: going on
 * would only fail later, at each delivery or login that needs it.
 *
 * <p>A check value in {@code stored_secret} catches a node started with another key before any
 * secret is written: nodes sharing a database must share the key.
 */
@Component
class SecretSealing implements SmartInitializingSingleton {

    private static final Logger log = LoggerFactory.getLogger(SecretSealing.class);

    static final int BATCH = 200;
    static final String CHECK_NAME = "secrets-key-check";
    private static final String CHECK_CONTEXT = "stored_secret.secret:" + CHECK_NAME;
    private static final String SETTINGS = "Start Signet with the key that sealed it: SIGNET_SECRETS_KEY"
            + " (signet.secrets.key), or the key file <data-dir>/secrets.key when none is set; a retired key goes in"
            + " SIGNET_SECRETS_PREVIOUS_KEYS (signet.secrets.previous-keys)";

    private final JdbcClient jdbc;
    private final SecretBox box;
    private final List<SecretBox.Column> columns;
    private final StoredSecrets stored;

    SecretSealing(JdbcClient jdbc, SecretBox box, List<SecretBox.Column> columns, StoredSecrets stored) {
        this.jdbc = jdbc;
        this.box = box;
        this.columns = columns;
        this.stored = stored;
    }

    @Override
    public void afterSingletonsInstantiated() {
        checkKey();
        for (SecretBox.Column column : columns) {
            int sealed = seal(column);
            if (sealed > 0) {
                log.info("Sealed {} secret(s) in {}.{} with the current key", sealed, column.table(), column.column());
            }
        }
    }

    /** Fails when the database's check value was sealed with a key this node does not have. */
    void checkKey() {
        String check = stored.keep(CHECK_NAME, () -> box.seal(CHECK_NAME, CHECK_CONTEXT));
        try {
            box.open(check, CHECK_CONTEXT);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    "This database's secrets were sealed with another key than this node's. " + SETTINGS, e);
        }
        if (box.sealedWithOlderKey(check)) {
            stored.replace(CHECK_NAME, check, box.seal(CHECK_NAME, CHECK_CONTEXT));
        }
    }

    private record Row(List<Object> keys, String value) {}

    /**
     * Seals what is plain in the column and re-seals what an older key sealed.
     *
     * @return how many values this call changed
     */
    int seal(SecretBox.Column column) {
        String pending = " from " + column.table() + " where " + column.column() + " is not null and " + column.column()
                + " not like ?";
        String like = box.currentPrefix() + "%";
        int toDo = jdbc.sql("select count(*)" + pending)
                .param(like)
                .query(Integer.class)
                .single();
        String select = "select " + String.join(", ", column.keys()) + ", " + column.column() + " as sealing_value"
                + pending + " order by " + String.join(", ", column.keys()) + " limit " + BATCH;
        String update = "update " + column.table() + " set " + column.column() + " = ? where "
                + column.keys().stream().map(k -> k + " = ?").collect(Collectors.joining(" and ")) + " and "
                + column.column() + " = ?";
        int changed = 0;
        // Each batch changes at least one row, or stops: bounded by the rows there were to do.
        for (int batch = 0; batch <= toDo / BATCH + 1; batch++) {
            List<Row> rows = jdbc.sql(select)
                    .param(like)
                    .query((rs, n) -> row(rs, column))
                    .list();
            int done = 0;
            for (Row row : rows) {
                done += reseal(column, update, row);
            }
            changed += done;
            if (rows.size() < BATCH || done == 0) {
                // the last batch; or every row of it was sealed by another node meanwhile, which carries on
                break;
            }
        }
        return changed;
    }

    private int reseal(SecretBox.Column column, String update, Row row) {
        String context = column.context(row.keys().toArray());
        String plain;
        try {
            plain = box.openStored(row.value(), context);
        } catch (IllegalStateException e) {
            throw new IllegalStateException(
                    "A secret in " + column.table() + "." + column.column() + " does not open: " + e.getMessage() + ". "
                            + SETTINGS,
                    e);
        }
        List<Object> params = new ArrayList<>();
        params.add(box.seal(plain, context));
        params.addAll(row.keys());
        params.add(row.value());
        return jdbc.sql(update).params(params).update();
    }

    private static Row row(ResultSet rs, SecretBox.Column column) throws SQLException {
        List<Object> keys = new ArrayList<>();
        for (String key : column.keys()) {
            keys.add(rs.getObject(key));
        }
        return new Row(keys, rs.getString("sealing_value"));
    }
}
