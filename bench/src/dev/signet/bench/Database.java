package dev.signet.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
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

    /**
     * A signer's invitation as the outbox holds it: {@code link} is the message text with the signing
     * link in it (sandbox mail is kept, never sent), {@code tagName} the name of their signature tag.
     */
    record Invitation(UUID envelopeId, UUID recipientId, int position, String link, String tagName) {}

    /** When a signer submitted and when their signature was applied to the documents (null: not yet). */
    record Signer(OffsetDateTime signedAt, OffsetDateTime appliedAt) {}

    /**
     * Drops and creates the database, so every run starts from the same empty tables and the same
     * system catalogs. Why not just drop the schema: each run creates and drops some hundred tables
     * and indexes, and ANALYZE rewrites the statistics, which leaves dead rows in PostgreSQL's own
     * catalogs (pg_attribute, pg_statistic, pg_class). With autovacuum off, as on this machine,
     * nothing removes them: after a day of runs pg_attribute held 45,000 dead rows beside 5,000
     * live ones, which every new connection and every plan then reads past.
     */
    void reset() throws SQLException {
        String name = settings.dbUrl().replaceAll("^.*/", "").replaceAll("\\?.*$", "");
        if (!name.contains("bench")) {
            throw new IllegalArgumentException("The bench drops and recreates its database; refusing '" + name
                    + "', whose name does not contain 'bench'");
        }
        String serverUrl = settings.dbUrl().replaceAll("/[^/?]*(\\?.*)?$", "/postgres$1");
        Properties properties = new Properties();
        properties.setProperty("user", settings.dbUser());
        properties.setProperty("password", settings.dbPassword());
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        String quoted = "\"" + name.replace("\"", "") + "\"";
        try (Connection c = DriverManager.getConnection(serverUrl, properties);
                Statement s = c.createStatement()) {
            s.execute("drop database if exists " + quoted + " with (force)");
            s.execute("create database " + quoted);
        }
    }

    /** Whether the server runs autovacuum, which besides vacuuming keeps the planner's statistics current. */
    boolean autovacuum() throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("show autovacuum")) {
            rs.next();
            return "on".equals(rs.getString(1));
        }
    }

    /** Collects planner statistics for every table; returns how long it took, in ms. */
    long analyze() throws SQLException {
        long start = System.nanoTime();
        try (Connection c = connect();
                Statement s = c.createStatement()) {
            s.execute("analyze");
        }
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** How many envelopes wait in QUEUED: the backlog of the job executor. */
    long queued() throws SQLException {
        try (Connection c = connect();
                Statement s = c.createStatement();
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
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                result.put(
                        rs.getObject("id", UUID.class),
                        new Envelope(
                                rs.getString("status"), rs.getInt("n"), rs.getObject("last_at", OffsetDateTime.class)));
            }
        }
        return result;
    }

    /** How many envelopes are in a status. */
    long envelopesIn(String status) throws SQLException {
        return count("select count(*) from envelope where status = ?", status);
    }

    /** Signers who submitted and whose signature is not applied yet: the backlog of the signing jobs. */
    long awaitingSignature() throws SQLException {
        return count("select count(*) from recipient where signed_at is not null and signature_applied_at is null");
    }

    /** Engine jobs due now (not the timers due in days): the job executor's work still to do. */
    long dueJobs() throws SQLException {
        return count("select count(*) from act_ru_job where duedate_ is null or duedate_ <= now()");
    }

    long incidents() throws SQLException {
        return count("select count(*) from act_ru_incident");
    }

    /** Every invitation with its signer's signature tag, oldest envelope first, signers by position. */
    List<Invitation> invitationsWithSignatureTags() throws SQLException {
        String sql = """
                select o.envelope_id, o.recipient_id, r.position, o.body_text, t.name
                from outbox_message o
                join recipient r on r.id = o.recipient_id
                join envelope e on e.id = o.envelope_id
                join tag t on t.recipient_id = o.recipient_id and t.type = 'SIGNATURE'
                where o.kind = 'INVITATION'
                order by e.created_at, e.id, r.position""";
        List<Invitation> result = new ArrayList<>();
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            while (rs.next()) {
                result.add(new Invitation(
                        rs.getObject(1, UUID.class),
                        rs.getObject(2, UUID.class),
                        rs.getInt(3),
                        rs.getString(4),
                        rs.getString(5)));
            }
        }
        return result;
    }

    /** Every recipient's submit and signature-applied times, in one query. */
    Map<UUID, Signer> signers() throws SQLException {
        Map<UUID, Signer> result = new HashMap<>();
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select id, signed_at, signature_applied_at from recipient")) {
            while (rs.next()) {
                result.put(
                        rs.getObject(1, UUID.class),
                        new Signer(rs.getObject(2, OffsetDateTime.class), rs.getObject(3, OffsetDateTime.class)));
            }
        }
        return result;
    }

    /** When each COMPLETE envelope completed. */
    List<OffsetDateTime> completions() throws SQLException {
        List<OffsetDateTime> result = new ArrayList<>();
        try (Connection c = connect();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("select completed_at from envelope where status = 'COMPLETE'")) {
            while (rs.next()) {
                result.add(rs.getObject(1, OffsetDateTime.class));
            }
        }
        return result;
    }

    private long count(String sql, String... params) throws SQLException {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Instances of a process definition that wait at a user task. */
    long waitingAtUserTask(String processKey) throws SQLException {
        String sql = """
                select count(*) from act_ru_task t join act_re_procdef d on d.id_ = t.proc_def_id_
                where d.key_ = ?""";
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(sql)) {
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
