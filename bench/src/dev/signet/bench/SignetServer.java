package dev.signet.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The Signet under test: the packaged jar in its own JVM, in production mode on PostgreSQL, with the
 * job executor on and a sandbox key, so nothing is mailed. Its log goes to {@code <out>/signet.log}.
 */
final class SignetServer implements AutoCloseable {

    /** Generous: on a busy two-core machine Signet has been seen to take two and a half minutes to start. */
    private static final Duration START_TIMEOUT = Duration.ofMinutes(6);

    private final Process process;
    private final Thread killOnExit;

    private SignetServer(Process process) {
        this.process = process;
        // Ctrl-C on the bench must not leave a server behind on the port.
        this.killOnExit = new Thread(process::destroyForcibly, "signet-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    static SignetServer start(Settings settings) throws IOException, InterruptedException {
        Files.createDirectories(settings.out());
        // The database is dropped for every run, and generated keys are bound to it (their keystore's
        // password is kept in the database), so the data directory starts afresh too.
        deleteRecursively(settings.out().resolve("data"));
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(settings.jvmArgs());
        if (settings.jfr()) {
            command.add("-XX:FlightRecorderOptions:stackdepth=256");
            command.add("-XX:StartFlightRecording=settings=profile,filename="
                    + settings.out().resolve("signet.jfr").toAbsolutePath());
        }
        command.add("-jar");
        command.add(settings.jar().toAbsolutePath().toString());
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(settings.out().resolve("signet.log").toFile());
        Map<String, String> env = builder.environment();
        env.put("SPRING_PROFILES_ACTIVE", "production");
        env.put("PORT", String.valueOf(settings.port()));
        env.put("SIGNET_DB_URL", settings.dbUrl());
        env.put("SIGNET_DB_USER", settings.dbUser());
        env.put("SIGNET_DB_PASSWORD", settings.dbPassword());
        env.put("SIGNET_SMTP_HOST", "127.0.0.1");
        env.put("SIGNET_PUBLIC_URL", settings.baseUrl());
        env.put(
                "SIGNET_DATA_DIR",
                settings.out().resolve("data").toAbsolutePath().toString());
        env.put("SIGNET_BOOTSTRAP_API_KEY", Settings.API_KEY);
        env.put("SIGNET_ADMIN_PASSWORD", Settings.ADMIN_PASSWORD);
        env.put("SIGNET_PORTAL_ADMIN_PASSWORD", Settings.PORTAL_PASSWORD);
        // There is no SMTP server here (sandbox mail is kept, never sent): its health check would only fail.
        env.put("MANAGEMENT_HEALTH_MAIL_ENABLED", "false");
        SignetServer server = new SignetServer(builder.start());
        try {
            server.awaitReady(settings);
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            throw e;
        }
        return server;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    long pid() {
        return process.pid();
    }

    /** Ready once the bootstrap key is accepted: an unknown envelope is then a 404, not a 401. */
    private void awaitReady(Settings settings) throws InterruptedException {
        HttpClient client =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest probe = HttpRequest.newBuilder(
                        URI.create(settings.baseUrl() + "/v2/envelopes/" + new UUID(0, 0) + "/status"))
                .header("Authorization", "Bearer " + Settings.API_KEY)
                .timeout(Duration.ofSeconds(10))
                .build();
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Signet exited with " + process.exitValue() + "; see "
                        + settings.out().resolve("signet.log"));
            }
            try {
                if (client.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode() == 404) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Signet was not ready within " + START_TIMEOUT);
    }

    /** Stops the server gracefully (SIGTERM), so a JFR recording is written out. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        Runtime.getRuntime().removeShutdownHook(killOnExit);
    }
}
