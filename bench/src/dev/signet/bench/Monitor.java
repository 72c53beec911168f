package dev.signet.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples the machine once a second from /proc: load average, CPU busy, and the CPU time spent by
 * the Signet JVM (and, of that, by its JIT compiler threads), by the PostgreSQL backends serving it
 * and by the bench itself. Figures taken on a shared machine mean little without the load they were
 * taken under; CPU time per envelope stays meaningful even then. The JIT share says how far from
 * its steady state Signet still was: on two busy cores HotSpot goes on compiling for minutes, and
 * that CPU is counted in every figure per envelope.
 */
final class Monitor implements AutoCloseable {

    /** Clock ticks per second of /proc/stat and /proc/[pid]/stat (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    record Sample(
            long atMillis,
            double load1,
            long busyTicks,
            long totalTicks,
            long signetTicks,
            long jitTicks,
            long postgresTicks,
            long benchNanos) {}

    /** What the machine did between two moments; CPU figures in cores (CPU seconds per second). */
    record Usage(
            double seconds,
            double meanLoad1,
            double maxLoad1,
            double cpuBusyPercent,
            double signetCores,
            double jitCores,
            double postgresCores,
            double benchCores) {
        /** CPU milliseconds that Signet and PostgreSQL spent per unit of work done in the window. */
        double cpuMillisPer(long units) {
            return units == 0 ? Double.NaN : (signetCores + postgresCores) * seconds * 1000 / units;
        }

        /** The same, and how much of it the JIT compiler threads took: "30.6 ms (JIT 6.1 ms)". */
        String cpuPer(long units) {
            return units == 0
                    ? "n/a"
                    : String.format(
                            "%.1f ms (JIT compiler %.1f ms)", cpuMillisPer(units), jitCores * seconds * 1000 / units);
        }

        @Override
        public String toString() {
            return String.format(
                    "load avg(1m) mean %.2f max %.2f; CPU busy %.0f%%; cores used by Signet %.2f"
                            + " (JIT compiler threads %.2f of it), PostgreSQL %.2f, bench %.2f",
                    meanLoad1, maxLoad1, cpuBusyPercent, signetCores, jitCores, postgresCores, benchCores);
        }
    }

    private final long signetPid;
    private final Database db;
    private final Accumulated<Integer> backends = new Accumulated<>();
    private final Accumulated<String> compilers = new Accumulated<>();
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private Monitor(long signetPid, Database db) {
        this.signetPid = signetPid;
        this.db = db;
        this.thread = new Thread(this::loop, "bench-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    static Monitor start(long signetPid, Database db) {
        return new Monitor(signetPid, db);
    }

    private void loop() {
        try (Connection connection = db.connect()) {
            while (running) {
                Sample s = sample(connection);
                synchronized (samples) {
                    samples.add(s);
                }
                Thread.sleep(1000);
            }
        } catch (InterruptedException e) {
            // closed
        } catch (SQLException e) {
            System.err.println("monitor stopped: " + e.getMessage());
        }
    }

    Usage between(long fromMillis, long toMillis) {
        List<Sample> in = new ArrayList<>();
        synchronized (samples) {
            for (Sample s : samples) {
                if (s.atMillis() >= fromMillis && s.atMillis() <= toMillis) {
                    in.add(s);
                }
            }
        }
        if (in.size() < 2) {
            return new Usage(0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        Sample first = in.get(0);
        Sample last = in.get(in.size() - 1);
        double seconds = (last.atMillis() - first.atMillis()) / 1000.0;
        double busy =
                100.0 * (last.busyTicks() - first.busyTicks()) / Math.max(1, last.totalTicks() - first.totalTicks());
        return new Usage(
                seconds,
                in.stream().mapToDouble(Sample::load1).average().orElse(Double.NaN),
                in.stream().mapToDouble(Sample::load1).max().orElse(Double.NaN),
                busy,
                (last.signetTicks() - first.signetTicks()) / TICKS / seconds,
                (last.jitTicks() - first.jitTicks()) / TICKS / seconds,
                (last.postgresTicks() - first.postgresTicks()) / TICKS / seconds,
                (last.benchNanos() - first.benchNanos()) / 1e9 / seconds);
    }

    double currentLoad1() {
        String loadavg = read(Path.of("/proc/loadavg"));
        return loadavg.isEmpty() ? Double.NaN : Double.parseDouble(loadavg.split("\\s+")[0]);
    }

    private Sample sample(Connection connection) throws SQLException {
        long busy = 0;
        long total = 0;
        String stat = read(Path.of("/proc/stat"));
        if (!stat.isEmpty()) {
            String[] cpu = stat.lines().findFirst().orElse("").trim().split("\\s+");
            // cpu user nice system idle iowait irq softirq steal ...
            for (int i = 1; i < cpu.length && i <= 8; i++) {
                long v = Long.parseLong(cpu[i]);
                total += v;
                if (i != 4 && i != 5) {
                    busy += v;
                }
            }
        }
        long bench = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
        return new Sample(
                System.currentTimeMillis(),
                currentLoad1(),
                busy,
                total,
                processTicks(signetPid),
                jitTicks(signetPid),
                postgresTicks(connection),
                bench);
    }

    /** CPU of the backends that serve Signet: summed per backend, so a closed connection's time is kept. */
    private long postgresTicks(Connection connection) throws SQLException {
        Map<Integer, Long> now = new HashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("select pid from pg_stat_activity where datname = current_database()"
                        + " and application_name <> '" + Database.APPLICATION_NAME + "'")) {
            while (rs.next()) {
                int pid = rs.getInt(1);
                now.put(pid, processTicks(pid));
            }
        }
        return backends.total(now);
    }

    /** CPU of HotSpot's compiler threads ("C1 CompilerThre…", "C2 CompilerThre…"; they come and go). */
    private long jitTicks(long pid) {
        Path tasks = Path.of("/proc", String.valueOf(pid), "task");
        Map<String, Long> now = new HashMap<>();
        try (var threads = Files.list(tasks)) {
            threads.forEach(task -> {
                if (read(task.resolve("comm")).contains("CompilerThre")) {
                    now.put(task.getFileName().toString(), ticks(read(task.resolve("stat"))));
                }
            });
        } catch (IOException | UncheckedIOException e) {
            return compilers.total(Map.of());
        }
        return compilers.total(now);
    }

    private static long processTicks(long pid) {
        return ticks(read(Path.of("/proc", String.valueOf(pid), "stat")));
    }

    /** utime + stime of a /proc stat line. */
    private static long ticks(String own) {
        if (own.isEmpty()) {
            return 0;
        }
        // Fields after the command name, which is in parentheses and may hold spaces: utime, stime.
        String[] f = own.substring(own.lastIndexOf(')') + 2).split("\\s+");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    /**
     * CPU ticks of a set of processes or threads that come and go (backends, compiler threads),
     * summed so that the time of one that has ended is kept.
     */
    private static final class Accumulated<K> {
        private final Map<K, Long> last = new HashMap<>();
        private long retired;

        long total(Map<K, Long> now) {
            for (Map.Entry<K, Long> gone : last.entrySet()) {
                if (!now.containsKey(gone.getKey())) {
                    retired += gone.getValue();
                }
            }
            last.clear();
            last.putAll(now);
            return retired + now.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
