package dev.signet.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** The figures of one run, as text on the console and as a Markdown block for bench/README.md. */
final class Report {

    private final Settings settings;
    private final Machine machine;
    private final String startedAt =
            DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                            Instant.now().atOffset(ZoneOffset.UTC).withNano(0)) + "Z";
    private EnvelopePhase.Result envelopes;
    private SignerPhase.Result signers;
    private BarePhase.Result bare;

    private boolean autovacuum;

    Report(Settings settings, Machine machine) {
        this.settings = settings;
        this.machine = machine;
    }

    void envelopes(EnvelopePhase.Result result) {
        this.envelopes = result;
    }

    void signers(SignerPhase.Result result) {
        this.signers = result;
    }

    void autovacuum(boolean on) {
        this.autovacuum = on;
    }

    void bare(BarePhase.Result result) {
        this.bare = result;
    }

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("Run of ").append(startedAt).append(" on ").append(machine).append('\n');
        md.append("Settings: ")
                .append(settings.clients())
                .append(" clients, warm-up ")
                .append(settings.warmup().toSeconds())
                .append(" s, window ")
                .append(settings.duration().toSeconds())
                .append(" s, max backlog ")
                .append(settings.maxBacklog() <= 0 ? "none" : settings.maxBacklog())
                .append(", Signet JVM ")
                .append(String.join(" ", settings.jvmArgs()))
                .append("; PostgreSQL autovacuum ")
                .append(autovacuum ? "on" : "off")
                .append(", planner statistics collected (ANALYZE) half-way through each warm-up\n\n");
        md.append("| figure | value |\n|---|---|\n");
        if (envelopes != null) {
            EnvelopePhase.Result e = envelopes;
            row(
                    md,
                    "envelopes accepted (202)",
                    String.format("%.1f /s (%d in %.0f s)", e.acceptedPerSecond(), e.accepted(), e.seconds()));
            row(
                    md,
                    "**envelopes ACTIVE with 2 invitations**",
                    String.format("**%.1f /s** (%d in the window)", e.completedPerSecond(), e.completed()));
            row(
                    md,
                    "backlog (accepted, not yet ACTIVE) at window start → end",
                    e.backlogAtStart() + " → " + e.backlogAtEnd());
            row(md, "POST /v2/envelopes latency", e.post().toString());
            row(md, "POST → ACTIVE with invitations", e.postToActive().toString());
            row(
                    md,
                    "refused / failed requests, ERRORED envelopes, unfinished after drain",
                    e.refused() + " / " + e.failed() + ", " + e.errored() + ", " + e.unfinished());
            row(
                    md,
                    "CPU per envelope (Signet JVM + PostgreSQL backends)",
                    e.usage().cpuPer(e.completed()));
            row(md, "machine during the envelope window", e.usage().toString());
        }
        if (signers != null) {
            signerRows(md, signers);
        }
        if (bare != null) {
            BarePhase.Result b = bare;
            row(
                    md,
                    "bare process starts to the user task",
                    String.format("%.1f /s (%d in the window)", b.startsPerSecond(), b.started()));
            row(md, "bare start latency", b.start().toString());
            row(md, "bare refused / failed", b.refused() + " / " + b.failed());
            row(
                    md,
                    "CPU per bare start (Signet JVM + PostgreSQL backends)",
                    b.usage().cpuPer(b.started()));
            row(md, "machine during the bare window", b.usage().toString());
        }
        if (envelopes != null && bare != null && bare.startsPerSecond() > 0) {
            row(
                    md,
                    "**ratio envelopes/s ÷ bare starts/s**",
                    String.format("**%.3f**", envelopes.completedPerSecond() / bare.startsPerSecond()));
        }
        if (signers != null && bare != null && bare.startsPerSecond() > 0) {
            row(
                    md,
                    "**ratio signatures applied/s ÷ bare starts/s**",
                    String.format("**%.3f**", signers.appliedPerSecond() / bare.startsPerSecond()));
        }
        return md.toString();
    }

    private static void signerRows(StringBuilder md, SignerPhase.Result s) {
        row(
                md,
                "signer tokens prepared (not measured)",
                String.format(
                        "%d (%d envelopes, in %d s)", s.pool(), s.pool() / BenchEnvelope.SIGNERS, s.setupSeconds()));
        if (s.shortened()) {
            row(
                    md,
                    "**window shortened**",
                    String.format(
                            "the tokens ran out: %.0f s of the planned %.0f s",
                            s.seconds(), (s.plannedWindowEnd() - s.windowStart()) / 1000.0));
        }
        row(
                md,
                "signer submissions accepted (204)",
                String.format("%.1f /s (%d in %.0f s)", s.acceptedPerSecond(), s.accepted(), s.seconds()));
        row(
                md,
                "**signatures applied (through the workflow)**",
                String.format("**%.1f /s** (%d in the window)", s.appliedPerSecond(), s.applied()));
        row(
                md,
                "envelopes COMPLETE",
                String.format("%.1f /s (%d in the window)", s.completedPerSecond(), s.completed()));
        row(
                md,
                "backlog (submitted, signature not yet applied) at window start → end",
                s.backlogAtStart() + " → " + s.backlogAtEnd());
        row(md, "POST /v2/signing/{token}/submit latency", s.post().toString());
        row(md, "submit → signature applied", s.submitToApplied().toString());
        row(
                md,
                "refused / failed submits, unapplied after drain, incidents",
                s.refused() + " / " + s.failed() + ", " + s.unapplied() + ", " + s.incidents());
        row(
                md,
                "CPU per signature applied (Signet JVM + PostgreSQL backends)",
                s.usage().cpuPer(s.applied()));
        row(md, "machine during the signer window", s.usage().toString());
    }

    void publish() throws IOException {
        String md = markdown();
        System.out.println();
        System.out.println(md);
        Files.createDirectories(settings.out());
        Path file = settings.out().resolve("report.md");
        Files.writeString(file, md);
        System.out.println("Written to " + file);
    }

    private static void row(StringBuilder md, String name, String value) {
        md.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }
}
