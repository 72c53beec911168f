package dev.signet.bench;

/**
 * A phase's timeline, in epoch milliseconds: the load starts at {@code loadStart}, the measured
 * window opens after the warm-up at {@code start} and is planned to close at {@code end}.
 */
record Window(long loadStart, long start, long end) {

    /** The window of a phase whose load starts now. */
    static Window startingNow(Settings settings) {
        long now = System.currentTimeMillis();
        long start = now + settings.warmup().toMillis();
        return new Window(now, start, start + settings.duration().toMillis());
    }

    /** Half-way through the warm-up: when the planner statistics are collected (see {@link Statistics}). */
    long midWarmup() {
        return loadStart + (start - loadStart) / 2;
    }
}
