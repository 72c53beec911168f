package dev.signet.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/** What one benchmark run does, read from {@code -Dbench.*} properties (the bench profile passes them). */
record Settings(
        Path jar,
        Path out,
        int port,
        String dbUrl,
        String dbUser,
        String dbPassword,
        int clients,
        Duration warmup,
        Duration duration,
        Duration drain,
        int maxBacklog,
        List<String> jvmArgs,
        boolean jfr,
        List<String> phases,
        int signerPool,
        int dashboardEnvelopes) {

    static final String API_KEY = "sk_sandbox_benchbenchbenchbenchbenchbench01";
    static final String ADMIN_PASSWORD = "bench-admin-password";
    /** The portal's first admin, made at start from SIGNET_PORTAL_ADMIN_PASSWORD (the dashboard phase logs in). */
    static final String PORTAL_ADMIN = "admin@signet.localhost";

    static final String PORTAL_PASSWORD = "bench portal password";

    static Settings fromSystemProperties() {
        return new Settings(
                Path.of(required("bench.jar")),
                Path.of(System.getProperty("bench.out", "target/bench")),
                Integer.getInteger("bench.port", 18080),
                System.getProperty("bench.db-url", "jdbc:postgresql://127.0.0.1:5432/test_bench"),
                System.getProperty("bench.db-user", "postgres"),
                System.getProperty("bench.db-password", ""),
                Integer.getInteger("bench.clients", 8),
                Duration.ofSeconds(Integer.getInteger("bench.warmup", 300)),
                Duration.ofSeconds(Integer.getInteger("bench.duration", 60)),
                Duration.ofSeconds(Integer.getInteger("bench.drain", 180)),
                Integer.getInteger("bench.max-backlog", 200),
                words(System.getProperty("bench.jvm-args", "-Xms1g -Xmx1g")),
                Boolean.getBoolean("bench.jfr"),
                words(System.getProperty("bench.phases", "envelopes,bare").replace(',', ' ')),
                Integer.getInteger("bench.signer-pool", 0),
                Integer.getInteger("bench.dashboard-envelopes", 100_000));
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    boolean runs(String phase) {
        return phases.contains(phase);
    }

    private static String required(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("-D" + name + " is required (run through: mvn -Pbench verify)");
        }
        return value;
    }

    private static List<String> words(String value) {
        return Arrays.stream(value.trim().split("\\s+"))
                .filter(s -> !s.isEmpty())
                .toList();
    }
}
