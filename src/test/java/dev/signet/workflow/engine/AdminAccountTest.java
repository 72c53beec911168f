package dev.signet.workflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.signet.Api;
import dev.signet.FreshDatabase;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cockpit's admin follows the configuration on every start (issue 11, point 6): a changed
 * SIGNET_ADMIN_PASSWORD replaces the old one, and no lock from wrong passwords survives a restart.
 * Each start is a Signet of its own, in its own JVM on this test's database: closing one inside the
 * test JVM would take Camunda's engine registry from the other tests' contexts.
 */
class AdminAccountTest {

    /** Answers a user that HTTP Basic let in. */
    private static final String DEFINITIONS = "/engine-rest/process-definition/count";
    /** The password the other tests' contexts, sharing this database, expect; put back at the end. */
    private static final String TESTS_PASSWORD = "test-admin-password";

    static {
        FreshDatabase.resetOnce();
    }

    @TempDir
    static Path dataDir;

    private Process signet;
    private int port;

    @AfterEach
    void stopAndRestore() throws Exception {
        stop();
        start(TESTS_PASSWORD);
        stop();
    }

    @Test
    void aChangedPasswordReplacesTheOldOne() throws Exception {
        start("first-password-1");
        assertThat(engineRest("admin", "first-password-1")).isEqualTo(200);
        stop();

        start("second-password-2");

        assertThat(engineRest("admin", "second-password-2")).isEqualTo(200);
        // (after the right one: a wrong password delays the next login a few seconds)
        assertThat(engineRest("admin", "first-password-1")).isEqualTo(401);
    }

    @Test
    void aLockDoesNotSurviveARestart() throws Exception {
        start("the-right-password");
        for (int i = 0; i < 12; i++) {
            engineRest("admin", "wrong-" + i);
        }
        assertThat(engineRest("admin", "the-right-password")).isEqualTo(401);
        stop();

        start("the-right-password");

        assertThat(engineRest("admin", "the-right-password")).isEqualTo(200);
    }

    private void start(String adminPassword) throws Exception {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path log = Files.createTempFile("signet-admin-account-", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        signet = new ProcessBuilder(List.of(java, "-Xmx512m", "-cp", System.getProperty("java.class.path"),
                "dev.signet.SignetApplication", "--spring.profiles.active=test", "--server.port=" + port,
                "--signet.admin-password=" + adminPassword,
                // Its own data directory: ./data may hold another keystore, whose password is not this database's.
                "--signet.data-dir=" + dataDir,
                // Only the admin account matters here; the models are other tests' business.
                "--camunda.bpm.auto-deployment-enabled=false"))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            if (!signet.isAlive()) {
                throw new AssertionError("Signet did not start (exit " + signet.exitValue() + ", classpath " + System.getProperty("java.class.path").length() + " chars): " + Files.readString(log));
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
        String credentials = Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        return api.send(api.builder(DEFINITIONS, null).header("Authorization", "Basic " + credentials).GET()).status();
    }
}
