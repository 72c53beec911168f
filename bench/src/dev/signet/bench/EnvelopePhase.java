package dev.signet.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.itextpdf.io.font.constants.StandardFonts;
import com.itextpdf.kernel.font.PdfFontFactory;
import com.itextpdf.kernel.geom.PageSize;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Envelopes over HTTP: {@code POST /v2/envelopes} with a one-page PDF and two signers of one sign
 * group, until each is ACTIVE with its two invitations in the outbox.
 */
final class EnvelopePhase {

    static final int SIGNERS = 2;
    private static final Pattern ENVELOPE_ID = Pattern.compile("\"envelope_id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

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
    private final byte[] body;
    private final AtomicLong backlog = new AtomicLong();

    EnvelopePhase(Settings settings, HttpClient http, Database db, Monitor monitor) {
        this.settings = settings;
        this.http = http;
        this.db = db;
        this.monitor = monitor;
        this.body = new Multipart()
                .part("file", "contract.pdf", "application/pdf", onePagePdf())
                .part("options", null, "application/json", options().getBytes(StandardCharsets.UTF_8))
                .bytes();
    }

    Result run() throws Exception {
        Load.Call first = Load.run(http, 1, Duration.ofDays(1), this::request, () -> true, new LongAdder(), 1).get(0);
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
                this::request, () -> maxBacklog <= 0 || backlog.get() < maxBacklog, answered, Integer.MAX_VALUE);
        watcher.interrupt();
        drain();
        return account(calls, windowStart, windowEnd);
    }

    private HttpRequest request() {
        return HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/v2/envelopes"))
                .header("Authorization", "Bearer " + Settings.API_KEY)
                .header("Content-Type", Multipart.contentType())
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
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
            Database.Envelope envelope = tables.get(envelopeId(call));
            boolean done = envelope != null && envelope.activeWithInvitations(SIGNERS);
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

    private static UUID envelopeId(Load.Call call) {
        Matcher m = ENVELOPE_ID.matcher(call.body());
        if (!m.find()) {
            throw new IllegalStateException("No envelope_id in " + call.body());
        }
        return UUID.fromString(m.group(1));
    }

    /** Two signers in sign group 1, one signature tag each: both are invited as soon as it is ACTIVE. */
    private static String options() {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode().put("name", "Bench envelope");
        ArrayNode recipients = root.putArray("recipients");
        String[][] signers = {{"Alice Bench", "alice@bench.example"}, {"Bob Bench", "bob@bench.example"}};
        for (int i = 0; i < signers.length; i++) {
            ObjectNode r = recipients.addObject().put("name", signers[i][0]).put("email", signers[i][1])
                    .put("sign_group", 1);
            r.putArray("tags").addObject().put("type", "signature").put("file_name", "contract.pdf")
                    .put("page_number", 1).put("x", 0.1).put("y", 0.2 + 0.3 * i);
        }
        return root.toString();
    }

    private static byte[] onePagePdf() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PdfDocument pdf = new PdfDocument(new PdfWriter(out))) {
            new PdfCanvas(pdf.addNewPage(PageSize.A4)).beginText()
                    .setFontAndSize(PdfFontFactory.createFont(StandardFonts.HELVETICA), 14)
                    .moveText(72, 760).showText("Signet benchmark agreement").endText();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return out.toByteArray();
    }
}
