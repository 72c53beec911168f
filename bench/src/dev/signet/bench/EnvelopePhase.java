package dev.signet.bench;

import java.net.http.HttpClient;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
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
    record Result(long windowStart, long windowEnd, int clients, long accepted, long refused, long failed,
            long completed, long backlogAtStart, long backlogAtEnd, long errored, long unfinished,
            Percentiles post, Percentiles postToActive, Monitor.Usage usage) {
        double seconds() {
            return (windowEnd - windowStart) / 1000.0;
        }

        double acceptedPerSecond() {
            return accepted / seconds();
        }

        double completedPerSecond() {
            return completed / seconds();
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
        Load.Call first = Load.run(http, 1, Duration.ofDays(1), envelope::post, () -> true, new LongAdder(), 1).get(0);
        if (first.status() != 202) {
            throw new IllegalStateException("POST /v2/envelopes answered " + first.status() + ": " + first.body());
        }
        LongAdder answered = new LongAdder();
        long loadStart = System.currentTimeMillis();
        long windowStart = loadStart + settings.warmup().toMillis();
        long windowEnd = windowStart + settings.duration().toMillis();
        Thread watcher = Progress.watch("envelopes", loadStart, windowStart, windowEnd, answered, this::pollBacklog, monitor);
        int maxBacklog = settings.maxBacklog();
        List<Load.Call> calls = Load.run(http, settings.clients(), settings.warmup().plus(settings.duration()),
                envelope::post, () -> maxBacklog <= 0 || backlog.get() < maxBacklog, answered, Integer.MAX_VALUE);
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
        long accepted = 0, refused = 0, failed = 0, errored = 0, unfinished = 0;
        long backlogAtStart = 0, backlogAtEnd = 0, completed = 0;
        List<Double> post = new ArrayList<>();
        List<Double> postToActive = new ArrayList<>();
        for (Load.Call call : calls) {
            boolean sentInWindow = call.sentAtMillis() >= windowStart && call.sentAtMillis() < windowEnd;
            boolean answeredInWindow = call.answeredAtMillis() >= windowStart && call.answeredAtMillis() < windowEnd;
            if (call.status() != 202) {
                if (answeredInWindow) {
                    if (call.failed()) {
                        failed++;
                    } else {
                        refused++;
                    }
                }
                continue;
            }
            if (answeredInWindow) {
                accepted++;
            }
            if (sentInWindow) {
                post.add(call.latencyNanos() / 1e6);
            }
            Database.Envelope envelope = tables.get(BenchEnvelope.envelopeId(call));
            boolean done = envelope != null && envelope.activeWithInvitations(BenchEnvelope.SIGNERS);
            long doneAt = done ? envelope.invitedAt().toInstant().toEpochMilli() : Long.MAX_VALUE;
            if (envelope != null && "ERRORED".equals(envelope.status())) {
                errored++;
            }
            if (doneAt >= windowStart && doneAt < windowEnd) {
                completed++;
            }
            if (call.answeredAtMillis() < windowStart && doneAt >= windowStart) {
                backlogAtStart++;
            }
            if (call.answeredAtMillis() < windowEnd && doneAt >= windowEnd) {
                backlogAtEnd++;
            }
            if (sentInWindow) {
                if (done) {
                    postToActive.add((double) (doneAt - call.sentAtMillis()));
                } else {
                    unfinished++;
                }
            }
        }
        return new Result(windowStart, windowEnd, settings.clients(), accepted, refused, failed, completed,
                backlogAtStart, backlogAtEnd, errored, unfinished, Percentiles.ofMillis(post),
                Percentiles.ofMillis(postToActive), monitor.between(windowStart, windowEnd));
    }
}
