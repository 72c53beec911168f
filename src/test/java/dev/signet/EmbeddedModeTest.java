package dev.signet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Base of the tests of the zero set-up mode as a new user starts it: no profile, H2 in a fresh
 * data directory, the job executor and the pollers running by themselves, mail kept in the outbox.
 * Every such test extends this class, so they share one cached Spring context (the cache tells
 * contexts apart by these annotations, properties and the {@code @DynamicPropertySource} method);
 * each test works with envelopes of its own under the one bootstrap key.
 *
 * <p>The departures from the defaults: the bootstrap key, so that a test can call the API; a unique
 * engine name, so that this context can share the JVM with the PostgreSQL tests' context (Camunda
 * keeps engines in a static registry by name, which /engine-rest and Cockpit read, and under the
 * default name this H2 engine would take the other one's place); and the webhook poller every 200 ms
 * rather than 2 s, so that a test waiting for deliveries does not wait for the poller.
 */
// No @DirtiesContext, on purpose: closing this context would run Camunda's webapp shutdown, which
// clears the static Cockpit and admin runtime delegates that the other context's Cockpit still uses.
@Tag("service")
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "signet.bootstrap-api-key=" + EmbeddedModeTest.KEY,
            "camunda.bpm.generate-unique-process-engine-name=true",
            "signet.webhooks.poll-interval=200ms"
        })
public abstract class EmbeddedModeTest {

    /** The sandbox key the bootstrap creates on the first start. */
    public static final String KEY = "sk_sandbox_embedded-mode-tests-0123456789";

    /** The context's data directory, fresh for this test JVM. */
    protected static Path dataDir;

    /**
     * What the service printed while it started, as a user reads it in their terminal: the context is
     * shared, so whichever class boots it, the output of that first start is kept here (the first
     * 4 MB) for the tests that check what start-up prints once.
     */
    private static final java.io.ByteArrayOutputStream STARTUP = new java.io.ByteArrayOutputStream();

    private static final int STARTUP_LIMIT = 4 << 20;

    protected static String startupOutput() {
        synchronized (STARTUP) {
            return STARTUP.toString(java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    @DynamicPropertySource
    static void freshDataDirectory(DynamicPropertyRegistry registry) throws IOException {
        // Runs once, just before this context starts: from here on, stdout is also copied into STARTUP.
        java.io.PrintStream terminal = System.out;
        System.setOut(new java.io.PrintStream(
                new java.io.OutputStream() {
                    @Override
                    public void write(int b) {
                        terminal.write(b);
                        synchronized (STARTUP) {
                            if (STARTUP.size() < STARTUP_LIMIT) {
                                STARTUP.write(b);
                            }
                        }
                    }

                    @Override
                    public void write(byte[] b, int off, int len) {
                        terminal.write(b, off, len);
                        synchronized (STARTUP) {
                            if (STARTUP.size() < STARTUP_LIMIT) {
                                STARTUP.write(b, off, Math.min(len, STARTUP_LIMIT - STARTUP.size()));
                            }
                        }
                    }

                    @Override
                    public void flush() {
                        terminal.flush();
                    }
                },
                true,
                java.nio.charset.StandardCharsets.UTF_8));
        // Under target/, so the H2 files of a context that lives until the JVM ends go with the next clean.
        Path target = Files.createDirectories(Path.of("target"));
        dataDir = Files.createTempDirectory(target, "signet-embedded-").toAbsolutePath();
        registry.add("signet.data-dir", dataDir::toString);
    }

    @LocalServerPort
    protected int port;
}
