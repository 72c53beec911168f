package dev.signet.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

/**
 * The bench's own JDBC view of the database Signet runs on. Completion is judged here, in batches,
 * from Signet's tables: never by asking Signet over HTTP, which would add load to what is measured.
 */
final class Database {

    /** Marks the bench's own connections, so their CPU is not counted as Signet's. */
    static final String APPLICATION_NAME = "signet-bench";

    private final Settings settings;

    Database(Settings settings) {
        this.settings = settings;
    }

    /** An envelope's state as the tables show it; {@code invitedAt} is when its last invitation was queued. */
    record Envelope(String status, int invitations, OffsetDateTime invitedAt) {
        boolean activeWithInvitations(int signers) {
            return "ACTIVE".equals(status) && invitations == signers;
        }
    }

    /** Empties the database, so every run starts from the same (empty) tables. */
    void reset() throws SQLException {
        String name = settings.dbUrl().replaceAll("^.*/", "").replaceAll("\\?.*$", "");
        if (!name.contains("bench")) {
            throw new IllegalArgumentException("The bench empties its database; refusing '" + name
                    + "', whose name does not contain 'bench'");
        }
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute("drop schema if exists public cascade");
            s.execute("create schema public");
        }
    }

    /** How many envelopes wait in QUEUED: the backlog of the job executor. */
    long queued() throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select count(*) from envelope where status = 'QUEUED'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** Every envelope with its status and INVITATION rows, in one query. */
    Map<UUID, Envelope> envelopes() throws SQLException {
        String sql = """
                select e.id, e.status, coalesce(i.n, 0) as n, i.last_at
                from envelope e
                left join (select envelope_id, count(*) as n, max(created_at) as last_at
                           from outbox_message where kind = 'INVITATION' group by envelope_id) i
                  on i.envelope_id = e.id""";
        Map<UUID, Envelope> result = new HashMap<>();
        try (Connection c = connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                result.put(rs.getObject("id", UUID.class), new Envelope(rs.getString("status"), rs.getInt("n"),
                        rs.getObject("last_at", OffsetDateTime.class)));
            }
        }
        return result;
    }

    /** Instances of a process definition that wait at a user task. */
    long waitingAtUserTask(String processKey) throws SQLException {
        String sql = """
                select count(*) from act_ru_task t join act_re_procdef d on d.id_ = t.proc_def_id_
                where d.key_ = ?""";
        try (Connection c = connect(); PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, processKey);
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    Connection connect() throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", settings.dbUser());
        properties.setProperty("password", settings.dbPassword());
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        return DriverManager.getConnection(settings.dbUrl(), properties);
    }
}
