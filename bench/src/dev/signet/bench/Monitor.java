package dev.signet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Samples the machine once a second from /proc: load average, CPU busy, and the CPU the Signet JVM
 * uses. Figures on a shared machine mean little without the load they were taken under.
 */
final class Monitor implements AutoCloseable {

    /** Clock ticks per second of /proc/stat and /proc/[pid]/stat (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    record Sample(long atMillis, double load1, long busyTicks, long totalTicks, long signetTicks) {}

    /** What the machine did between two moments. */
    record Usage(double meanLoad1, double maxLoad1, double cpuBusyPercent, double signetCores) {
        @Override
        public String toString() {
            return String.format("load avg(1m) mean %.2f max %.2f, CPU busy %.0f%%, Signet JVM %.2f cores",
                    meanLoad1, maxLoad1, cpuBusyPercent, signetCores);
        }
    }

    private final long signetPid;
    private final List<Sample> samples = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    private Monitor(long signetPid) {
        this.signetPid = signetPid;
        this.thread = new Thread(this::loop, "bench-monitor");
        thread.setDaemon(true);
        thread.start();
    }

    static Monitor start(long signetPid) {
        return new Monitor(signetPid);
    }

    private void loop() {
        while (running) {
            Sample s = sample();
            synchronized (samples) {
                samples.add(s);
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                return;
            }
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
            return new Usage(Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        }
        Sample first = in.get(0);
        Sample last = in.get(in.size() - 1);
        double seconds = (last.atMillis() - first.atMillis()) / 1000.0;
        double busy = 100.0 * (last.busyTicks() - first.busyTicks()) / Math.max(1, last.totalTicks() - first.totalTicks());
        double signet = (last.signetTicks() - first.signetTicks()) / TICKS / seconds;
        double mean = in.stream().mapToDouble(Sample::load1).average().orElse(Double.NaN);
        double max = in.stream().mapToDouble(Sample::load1).max().orElse(Double.NaN);
        return new Usage(mean, max, busy, signet);
    }

    double currentLoad1() {
        return read(Path.of("/proc/loadavg")).isEmpty() ? Double.NaN
                : Double.parseDouble(read(Path.of("/proc/loadavg")).split("\\s+")[0]);
    }

    private Sample sample() {
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
        long signet = 0;
        String own = read(Path.of("/proc", String.valueOf(signetPid), "stat"));
        if (!own.isEmpty()) {
            // Fields after the command name, which is in parentheses and may hold spaces.
            String[] f = own.substring(own.lastIndexOf(')') + 2).split("\\s+");
            signet = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        }
        return new Sample(System.currentTimeMillis(), currentLoad1(), busy, total, signet);
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
