package dev.signet.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Signer submissions through the whole workflow: {@code POST /v2/signing/{token}/submit} for signers
 * of envelopes made ACTIVE beforehand (not measured), until their signature is applied to the
 * documents, and, once both signers of an envelope are in, until the envelope is COMPLETE.
 */
final class SignerPhase {

    /** Submissions per second the token pool is sized for when no size is given: well above the target of 50. */
    static final int SIZING_RATE = 120;

    private static final Pattern LINK = Pattern.compile("/sign/([A-Za-z0-9_-]{16,64})");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One signer's way in: the token of their link, and the name of their signature tag. */
    record Token(String token, UUID recipientId, UUID envelopeId, String tagName) {}

    /** What the phase measured; times are wall-clock milliseconds. */
    record Result(
            long windowStart,
            long windowEnd,
            long plannedWindowEnd,
            int clients,
            int pool,
            long setupSeconds,
            long accepted,
            long refused,
            long failed,
            long applied,
            long completed,
            long backlogAtStart,
            long backlogAtEnd,
            long unapplied,
            long incidents,
            Percentiles post,
            Percentiles submitToApplied,
            Monitor.Usage usage)
            implements Measured {
        /** The tokens ran out before the planned window closed: the window ends at the last answer. */
        boolean shortened() {
            return windowEnd < plannedWindowEnd;
        }

        double acceptedPerSecond() {
            return perSecond(accepted);
        }

        double appliedPerSecond() {
            return perSecond(applied);
        }

        double completedPerSecond() {
            return perSecond(completed);
        }
    }

    private final Settings settings;
    private final HttpClient http;
    private final Database db;
    private final Monitor monitor;
    private final AtomicLong queued = new AtomicLong();
    private final AtomicLong awaiting = new AtomicLong();

    SignerPhase(Settings settings, HttpClient http, Database db, Monitor monitor) {
        this.settings = settings;
        this.http = http;
        this.db = db;
        this.monitor = monitor;
    }

    Result run() throws Exception {
        long setupStart = System.currentTimeMillis();
        List<Token> tokens = setUp();
        long setupSeconds = (System.currentTimeMillis() - setupStart) / 1000;
        AtomicInteger next = new AtomicInteger();
        LongAdder answered = new LongAdder();
        Window window = Window.startingNow(settings);
        long loadStart = window.loadStart();
        long windowStart = window.start();
        long plannedWindowEnd = window.end();
        Thread watcher = Progress.watch(
                "signers", loadStart, windowStart, plannedWindowEnd, answered, this::pollAwaiting, monitor);
        Statistics.analyzeAt(db, "signers", window.midWarmup());
        int maxBacklog = settings.maxBacklog();
        List<Load.Call> calls = Load.run(
                http,
                settings.clients(),
                settings.warmup().plus(settings.duration()),
                () -> {
                    int i = next.getAndIncrement();
                    return i < tokens.size() ? submit(tokens.get(i)) : null;
                },
                () -> maxBacklog <= 0 || awaiting.get() < maxBacklog,
                answered,
                Integer.MAX_VALUE);
        watcher.interrupt();
        long windowEnd = plannedWindowEnd;
        if (next.get() >= tokens.size()) {
            long lastAnswer =
                    calls.stream().mapToLong(Load.Call::answeredAtMillis).max().orElse(loadStart);
            windowEnd = Math.min(plannedWindowEnd, lastAnswer);
            System.out.printf(
                    "signers: all %d tokens used %d s after the load started%n",
                    tokens.size(), (lastAnswer - loadStart) / 1000);
        }
        if (windowEnd <= windowStart) {
            throw new IllegalStateException("The " + tokens.size() + " tokens ran out during the warm-up;"
                    + " give more with -Dbench.signer-pool");
        }
        drain();
        return account(tokens, calls, windowStart, windowEnd, plannedWindowEnd, setupSeconds);
    }

    /**
     * Posts the envelopes, waits until they are ACTIVE with their invitations, and reads every
     * signer's token from the outbox. Nothing of it is measured.
     */
    private List<Token> setUp() throws Exception {
        Duration length = settings.warmup().plus(settings.duration());
        int pool = settings.signerPool() > 0 ? settings.signerPool() : (int) (length.toSeconds() * SIZING_RATE);
        int envelopes = (pool + BenchEnvelope.SIGNERS - 1) / BenchEnvelope.SIGNERS;
        System.out.printf(
                "signers: setting up %d envelopes for %d signer tokens%n",
                envelopes, envelopes * BenchEnvelope.SIGNERS);
        BenchEnvelope envelope = new BenchEnvelope(settings);
        AtomicInteger posted = new AtomicInteger();
        LongAdder answered = new LongAdder();
        long start = System.currentTimeMillis();
        Thread watcher =
                Progress.watch("signers", start, Long.MAX_VALUE, Long.MAX_VALUE, answered, this::pollQueued, monitor);
        int maxBacklog = settings.maxBacklog();
        List<Load.Call> calls = Load.run(
                http,
                settings.clients(),
                Duration.ofHours(2),
                () -> posted.getAndIncrement() < envelopes ? envelope.post() : null,
                () -> maxBacklog <= 0 || queued.get() < maxBacklog,
                answered,
                Integer.MAX_VALUE);
        Set<UUID> own = new HashSet<>();
        for (Load.Call call : calls) {
            if (call.status() != 202) {
                watcher.interrupt();
                throw new IllegalStateException(
                        "Setting up, POST /v2/envelopes answered " + call.status() + ": " + call.body());
            }
            own.add(BenchEnvelope.envelopeId(call));
        }
        long deadline = System.currentTimeMillis() + settings.drain().toMillis();
        long active = invited(own);
        while (active < own.size() && System.currentTimeMillis() < deadline) {
            Thread.sleep(1000);
            active = invited(own);
        }
        watcher.interrupt();
        if (active < own.size()) {
            throw new IllegalStateException("Setting up, only " + active + " of " + own.size() + " envelopes became"
                    + " ACTIVE with invitations within " + settings.drain().toSeconds() + " s ("
                    + db.envelopesIn("ERRORED") + " ERRORED)");
        }
        // Only this setup's envelopes: an envelope phase before this one leaves ACTIVE envelopes too.
        List<Database.Invitation> invitations = db.invitationsWithSignatureTags().stream()
                .filter(i -> own.contains(i.envelopeId()))
                .toList();
        List<Token> tokens = order(invitations);
        System.out.printf(
                "signers: %d envelopes ACTIVE, %d tokens, in %d s%n",
                active, tokens.size(), (System.currentTimeMillis() - start) / 1000);
        return tokens;
    }

    /** How many of these envelopes are ACTIVE with an invitation for each signer. */
    private long invited(Set<UUID> envelopes) throws SQLException {
        return db.envelopes().entrySet().stream()
                .filter(e ->
                        envelopes.contains(e.getKey()) && e.getValue().activeWithInvitations(BenchEnvelope.SIGNERS))
                .count();
    }

    /**
     * Interleaves the signers: the first signers of a block of envelopes, then their second signers.
     * Concurrent clients then never submit for the same envelope at once (a submit waits for the
     * envelope's row lock, which its co-signer's signing job holds), yet envelopes complete all along.
     */
    private List<Token> order(List<Database.Invitation> invitations) {
        Map<UUID, List<Token>> byEnvelope = new LinkedHashMap<>();
        for (Database.Invitation invitation : invitations) {
            Matcher m = LINK.matcher(invitation.link() == null ? "" : invitation.link());
            if (!m.find()) {
                throw new IllegalStateException("No signing link in the invitation to " + invitation.recipientId());
            }
            byEnvelope
                    .computeIfAbsent(invitation.envelopeId(), k -> new ArrayList<>())
                    .add(new Token(
                            m.group(1), invitation.recipientId(), invitation.envelopeId(), invitation.tagName()));
        }
        List<List<Token>> envelopes = new ArrayList<>(byEnvelope.values());
        int block = Math.max(16, 2 * settings.clients());
        List<Token> ordered = new ArrayList<>();
        for (int from = 0; from < envelopes.size(); from += block) {
            List<List<Token>> chunk = envelopes.subList(from, Math.min(envelopes.size(), from + block));
            for (int signer = 0; signer < BenchEnvelope.SIGNERS; signer++) {
                for (List<Token> signers : chunk) {
                    if (signer < signers.size()) {
                        ordered.add(signers.get(signer));
                    }
                }
            }
        }
        return ordered;
    }

    private HttpRequest submit(Token token) {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("tags").addObject().put("name", token.tagName()).put("value", "Alice Bench");
        return HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/v2/signing/" + token.token() + "/submit"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                .build();
    }

    private long pollQueued() {
        try {
            queued.set(db.queued());
        } catch (SQLException e) {
            System.err.println("backlog query failed: " + e.getMessage());
        }
        return queued.get();
    }

    private long pollAwaiting() {
        try {
            awaiting.set(db.awaitingSignature());
        } catch (SQLException e) {
            System.err.println("backlog query failed: " + e.getMessage());
        }
        return awaiting.get();
    }

    /**
     * Lets the job executor apply what was submitted and seal and complete what it can, so every
     * submission of the window has a latency and the next phase starts with no jobs left over.
     */
    private void drain() throws InterruptedException, SQLException {
        long deadline = System.currentTimeMillis() + settings.drain().toMillis();
        while ((pollAwaiting() > 0 || db.dueJobs() > 0) && System.currentTimeMillis() < deadline) {
            Thread.sleep(1000);
        }
        System.out.printf(
                "signers: drained, %d submissions without their signature, %d jobs due%n",
                awaiting.get(), db.dueJobs());
    }

    private Result account(
            List<Token> tokens,
            List<Load.Call> calls,
            long windowStart,
            long windowEnd,
            long plannedWindowEnd,
            long setupSeconds)
            throws SQLException {
        Map<String, UUID> recipientOf = new LinkedHashMap<>();
        tokens.forEach(t -> recipientOf.put(t.token(), t.recipientId()));
        Map<UUID, Database.Signer> signers = db.signers();
        long applied = signers.values().stream()
                .map(Database.Signer::appliedAt)
                .filter(at -> within(at, windowStart, windowEnd))
                .count();
        long completed = db.completions().stream()
                .filter(at -> within(at, windowStart, windowEnd))
                .count();
        Tally t = Tally.of(calls, 204, windowStart, windowEnd, call -> {
            Database.Signer signer = signers.get(recipientOf.get(token(call)));
            return signer == null || signer.appliedAt() == null
                    ? Long.MAX_VALUE
                    : signer.appliedAt().toInstant().toEpochMilli();
        });
        return new Result(
                windowStart,
                windowEnd,
                plannedWindowEnd,
                settings.clients(),
                tokens.size(),
                setupSeconds,
                t.accepted,
                t.refused,
                t.failed,
                applied,
                completed,
                t.backlogAtStart,
                t.backlogAtEnd,
                t.unfinished,
                db.incidents(),
                Percentiles.ofMillis(t.requestMillis),
                Percentiles.ofMillis(t.toDoneMillis),
                monitor.between(windowStart, windowEnd));
    }

    /** The token in {@code /v2/signing/{token}/submit}. */
    private static String token(Load.Call call) {
        return call.uri().getPath().split("/")[3];
    }

    private static boolean within(OffsetDateTime at, long from, long to) {
        if (at == null) {
            return false;
        }
        long millis = at.toInstant().toEpochMilli();
        return millis >= from && millis < to;
    }
}
