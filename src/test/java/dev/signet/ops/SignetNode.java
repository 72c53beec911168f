package dev.signet.ops;

import dev.signet.Api;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * One Signet node in a JVM of its own: {@code dev.signet.SignetApplication} from the classes this
 * test run compiled, in production mode, listening on 127.0.0.1 only. Its output goes to
 * {@code <dir>/<name>.log}. {@link #kill()} is {@code kill -9}: no shutdown hook, no graceful stop.
 */
final class SignetNode implements AutoCloseable {

    final String name;
    final int port;
    final Path log;
    private final Process process;
    private final Thread killOnExit;

    private SignetNode(String name, int port, Path log, Process process) {
        this.name = name;
        this.port = port;
        this.log = log;
        this.process = process;
        // A test JVM that is itself killed must not leave a server behind.
        this.killOnExit = new Thread(process::destroyForcibly, name + "-kill-on-exit");
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    static SignetNode start(String name, Path dir, Map<String, String> env, List<String> jvmArgs) throws IOException {
        int port = freePort();
        Path log = dir.resolve(name + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add("-Dserver.address=127.0.0.1");
        command.add("-cp");
        command.add(applicationClassPath());
        command.add("dev.signet.SignetApplication");
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("PORT", String.valueOf(port));
        builder.environment()
                .put(
                        "SIGNET_DATA_DIR",
                        Files.createDirectories(dir.resolve(name + "-data")).toString());
        return new SignetNode(name, port, log, builder.start());
    }

    /**
     * The test run's class path without the test classes: the node runs the application as built,
     * and no test configuration is on its path for component scanning to find. (Surefire starts
     * tests from a manifest-only jar and names the real class path in {@code surefire.test.class.path}.)
     */
    private static String applicationClassPath() {
        String path = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return Arrays.stream(path.split(File.pathSeparator))
                .filter(entry -> !Path.of(entry).getFileName().toString().equals("test-classes"))
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    Api api() {
        return new Api(port);
    }

    boolean alive() {
        return process.isAlive();
    }

    /** Ready once the key is accepted: an unknown envelope is then a 404, not a 401 or a refused connection. */
    void awaitReady(String key, Instant deadline) throws InterruptedException {
        Api api = api();
        String probe = "/v2/envelopes/" + new UUID(0, 0) + "/status";
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + ": " + tail());
            }
            try {
                if (api.get(probe, key).status() == 404) {
                    return;
                }
            } catch (UncheckedIOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " was not ready by " + deadline + ": " + tail());
    }

    /** kill -9: the JVM gets no chance to finish a job, release a lock or send a message. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            throw new IllegalStateException(name + " survived kill -9");
        }
    }

    /** The end of the node's log, for a failure message. */
    String tail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
        Runtime.getRuntime().removeShutdownHook(killOnExit);
    }
}
