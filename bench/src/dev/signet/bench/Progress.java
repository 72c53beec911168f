package dev.signet.bench;

import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/** A line every five seconds while a phase runs, so a stalled run is seen as it happens. */
final class Progress {

    private Progress() {}

    /**
     * @param windowStart {@link Long#MAX_VALUE} for a setup step that has no window
     * @param backlog polled every second (it may drive back-pressure); negative when the phase has none
     */
    static Thread watch(
            String phase,
            long loadStart,
            long windowStart,
            long windowEnd,
            LongAdder answered,
            LongSupplier backlog,
            Monitor monitor) {
        Thread thread = new Thread(
                () -> {
                    long lastCount = 0;
                    long lastAt = loadStart;
                    try {
                        for (int tick = 1; ; tick++) {
                            Thread.sleep(1000);
                            long pending = backlog.getAsLong();
                            if (tick % 5 != 0) {
                                continue;
                            }
                            long now = System.currentTimeMillis();
                            long count = answered.sum();
                            String stage = windowStart == Long.MAX_VALUE
                                    ? "setup"
                                    : now < windowStart ? "warm-up" : now < windowEnd ? "measure" : "after";
                            System.out.printf(
                                    "%s %-7s t=%3ds answered=%d (%.0f/s) %s load1=%.2f%n",
                                    phase,
                                    stage,
                                    (now - loadStart) / 1000,
                                    count,
                                    (count - lastCount) * 1000.0 / (now - lastAt),
                                    pending < 0 ? "" : "backlog=" + pending,
                                    monitor.currentLoad1());
                            lastCount = count;
                            lastAt = now;
                        }
                    } catch (InterruptedException stop) {
                        // the phase is over
                    }
                },
                "bench-progress-" + phase);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
