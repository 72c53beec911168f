package dev.signet.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Api;
import dev.signet.FreshDatabase;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cockpit's admin follows the configuration on every start (issue 11, point 6): a changed
 * SIGNET_ADMIN_PASSWORD replaces the old one, and no lock from wrong passwords survives a restart.
 * Each start is a Signet of its own, in its own JVM on this test's database: closing one inside the
 * test JVM would take Camunda's engine registry from the other tests' contexts.
 */
@Tag("service")
class AdminAccountTest {

    /** Answers a user that HTTP Basic let in. */
    private static final String DEFINITIONS = "/engine-rest/process-definition/count";
    /** The password the other tests' contexts, sharing this database, expect; put back at the end. */
    private static final String TESTS_PASSWORD = "test-admin-password";

    private static final String ADMIN = "admin";

    static {
        FreshDatabase.resetOnce();
    }

    @TempDir
    static Path dataDir;

    private Process signet;
    private int port;

    /** The admin's row as the other tests' contexts left it (password, salt, lock), or null before any start. */
    private Object[] adminBefore;

    @BeforeEach
    void rememberTheAdmin() throws SQLException {
        adminBefore = null;
        try (Connection db =
                        DriverManager.getConnection(FreshDatabase.URL, FreshDatabase.USER, FreshDatabase.PASSWORD);
                PreparedStatement select = db.prepareStatement(
                        "select pwd_, salt_, attempts_, lock_exp_time_ from act_id_user where id_ = ?")) {
            select.setString(1, ADMIN);
            try (ResultSet row = select.executeQuery()) {
                if (row.next()) {
                    adminBefore = new Object[] {row.getObject(1), row.getObject(2), row.getObject(3), row.getObject(4)};
                }
            }
        } catch (SQLException noEngineTablesYet) {
            // A fresh database: no context has started, so none expects a password yet.
        }
    }

    /**
     * Puts the admin back as the shared contexts set it ({@value #TESTS_PASSWORD}), by writing the
     * remembered row: starting a third Signet with that password did the same in two JVM starts per test.
     * With no row before, no context has set one; the next to start sets it from its configuration.
     */
    @AfterEach
    void stopAndRestore() throws Exception {
        stop();
        if (adminBefore == null) {
            return;
        }
        try (Connection db =
                        DriverManager.getConnection(FreshDatabase.URL, FreshDatabase.USER, FreshDatabase.PASSWORD);
                PreparedStatement update = db.prepareStatement(
                        "update act_id_user set pwd_ = ?, salt_ = ?, attempts_ = ?, lock_exp_time_ = ? where id_ = ?")) {
            for (int i = 0; i < adminBefore.length; i++) {
                update.setObject(i + 1, adminBefore[i]);
            }
            update.setString(5, ADMIN);
            assertThat(update.executeUpdate()).as("the admin row put back").isEqualTo(1);
        }
    }

    /**
     * Three starts, each a JVM of its own (a start is the slow part of this test, so they serve both
     * points): a changed password replaces the old one and clears a lock the old admin had; a restart
     * with the same password clears a lock too.
     */
    @Test
    void aChangedPasswordReplacesTheOldOneAndNoLockSurvivesARestart() throws Exception {
        start("first-password-1");
        assertThat(engineRest("admin", "first-password-1")).isEqualTo(200);
        lockTheAdmin();
        assertThat(engineRest("admin", "first-password-1")).as("locked").isEqualTo(401);
        stop();

        start("second-password-2");

        assertThat(engineRest("admin", "second-password-2"))
                .as("the new password works, and the old admin's lock is gone")
                .isEqualTo(200);
        // (after the right one: a wrong password delays the next login a few seconds)
        assertThat(engineRest("admin", "first-password-1")).isEqualTo(401);
        lockTheAdmin();
        assertThat(engineRest("admin", "second-password-2")).as("locked").isEqualTo(401);
        stop();

        start("second-password-2");

        assertThat(engineRest("admin", "second-password-2"))
                .as("a restart with the same password clears the lock")
                .isEqualTo(200);
    }

    /** Twelve wrong passwords: Camunda then locks the admin for a minute (its login delay, kept in its user row). */
    private void lockTheAdmin() {
        for (int i = 0; i < 12; i++) {
            engineRest("admin", "wrong-" + i);
        }
    }

    private void start(String adminPassword) throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path log = Files.createTempFile("signet-admin-account-", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // A short-lived JVM: the C1 compiler alone and the serial collector start it seconds sooner on a
        // shared two-core machine; the class-data archive is used when the JDK has one. Measured on one
        // boot to "Started": 27 s of CPU and 55-60 s wall with -Xmx512m alone, 13-14 s CPU and 22-31 s so.
        signet = new ProcessBuilder(List.of(
                        java,
                        "-Xmx384m",
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-Xshare:auto",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "dev.signet.SignetApplication",
                        "--spring.profiles.active=test",
                        "--server.port=" + port,
                        "--signet.admin-password=" + adminPassword,
                        // Its own data directory: ./data may hold another keystore, whose password is not this
                        // database's.
                        "--signet.data-dir=" + dataDir,
                        // The key that sealed the shared database's secrets: a Signet without it refuses to start.
                        "--signet.secrets.key=" + FreshDatabase.SECRETS_KEY,
                        // Only the admin account matters here; the models are other tests' business.
                        "--camunda.bpm.auto-deployment-enabled=false"))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!signet.isAlive()) {
                throw new AssertionError("Signet did not start (exit " + signet.exitValue() + ", classpath "
                        + System.getProperty("java.class.path").length() + " chars): " + Files.readString(log));
            }
            if (healthy()) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("Signet did not start in 3 minutes: " + Files.readString(log));
    }

    private boolean healthy() {
        try {
            return new Api(port).get("/actuator/health", null).status() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private void stop() throws InterruptedException {
        if (signet != null) {
            signet.destroy();
            if (!signet.waitFor(60, TimeUnit.SECONDS)) {
                signet.destroyForcibly().waitFor();
            }
            signet = null;
        }
    }

    private int engineRest(String user, String password) {
        Api api = new Api(port);
        String credentials =
                Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return api.send(api.builder(DEFINITIONS, null)
                        .header("Authorization", "Basic " + credentials)
                        .GET())
                .status();
    }
}
