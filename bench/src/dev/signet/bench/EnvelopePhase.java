package dev.signet.bench;

import java.net.http.HttpClient;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * Envelopes over HTTP: {@code POST /v2/envelopes} with the {@link BenchEnvelope}, until each is
 * ACTIVE with its two invitations in the outbox.
 */
final class EnvelopePhase {

    /** What the phase measured; times are wall-clock milliseconds. */
    record Result(
            long windowStart,
            long windowEnd,
            int clients,
            long accepted,
            long refused,
            long failed,
            long completed,
            long backlogAtStart,
            long backlogAtEnd,
            long errored,
            long unfinished,
            Percentiles post,
            Percentiles postToActive,
            Monitor.Usage usage)
            implements Measured {
        double acceptedPerSecond() {
            return perSecond(accepted);
        }

        double completedPerSecond() {
            return perSecond(completed);
        }
    }

    private final Settings settings;
    private final HttpClient http;
    private final Database db;
    private final Monitor monitor;
    private final BenchEnvelope envelope;
    private final AtomicLong backlog = new AtomicLong();

    EnvelopePhase(Settings settings, HttpClient http, Database db, Monitor monitor) {
        this.settings = settings;
        this.http = http;
        this.db = db;
        this.monitor = monitor;
        this.envelope = new BenchEnvelope(settings);
    }

    Result run() throws Exception {
        Load.Call first = Load.run(http, 1, Duration.ofDays(1), envelope::post, () -> true, new LongAdder(), 1)
                .get(0);
        if (first.status() != 202) {
            throw new IllegalStateException("POST /v2/envelopes answered " + first.status() + ": " + first.body());
        }
        LongAdder answered = new LongAdder();
        Window window = Window.startingNow(settings);
        long windowStart = window.start();
        long windowEnd = window.end();
        Thread watcher = Progress.watch(
                "envelopes", window.loadStart(), windowStart, windowEnd, answered, this::pollBacklog, monitor);
        Statistics.analyzeAt(db, "envelopes", window.midWarmup());
        int maxBacklog = settings.maxBacklog();
        List<Load.Call> calls = Load.run(
                http,
                settings.clients(),
                settings.warmup().plus(settings.duration()),
                envelope::post,
                () -> maxBacklog <= 0 || backlog.get() < maxBacklog,
                answered,
                Integer.MAX_VALUE);
        watcher.interrupt();
        drain();
        return account(calls, windowStart, windowEnd);
    }

    private long pollBacklog() {
        try {
            backlog.set(db.queued());
        } catch (SQLException e) {
            System.err.println("backlog query failed: " + e.getMessage());
        }
        return backlog.get();
    }

    /** Lets the job executor finish what was accepted, so every envelope of the window has a latency. */
    private void drain() throws InterruptedException {
        long deadline = System.currentTimeMillis() + settings.drain().toMillis();
        while (pollBacklog() > 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(1000);
        }
        System.out.printf("envelopes: drained, %d still QUEUED%n", backlog.get());
    }

    private Result account(List<Load.Call> calls, long windowStart, long windowEnd) throws SQLException {
        Map<UUID, Database.Envelope> tables = db.envelopes();
        Tally t = Tally.of(calls, 202, windowStart, windowEnd, call -> {
            Database.Envelope envelope = tables.get(BenchEnvelope.envelopeId(call));
            boolean done = envelope != null && envelope.activeWithInvitations(BenchEnvelope.SIGNERS);
            return done ? envelope.invitedAt().toInstant().toEpochMilli() : Long.MAX_VALUE;
        });
        long errored = calls.stream()
                .filter(call -> call.status() == 202)
                .map(call -> tables.get(BenchEnvelope.envelopeId(call)))
                .filter(e -> e != null && "ERRORED".equals(e.status()))
                .count();
        return new Result(
                windowStart,
                windowEnd,
                settings.clients(),
                t.accepted,
                t.refused,
                t.failed,
                t.doneInWindow,
                t.backlogAtStart,
                t.backlogAtEnd,
                errored,
                t.unfinished,
                Percentiles.ofMillis(t.requestMillis),
                Percentiles.ofMillis(t.toDoneMillis),
                monitor.between(windowStart, windowEnd));
    }
}
