package dev.signet.bench;

import java.net.http.HttpClient;
import java.time.Duration;

/**
 * Envelope and signer throughput against a bare-process baseline, in one run on one database (bench/README.md).
 * Empties the database, starts the packaged Signet, runs the phases, stops Signet, prints the figures.
 */
public final class Bench {

    private Bench() {}

    public static void main(String[] args) throws Exception {
        Settings settings = Settings.fromSystemProperties();
        Report report = new Report(settings, Machine.describe());
        Database db = new Database(settings);
        db.reset();
        report.autovacuum(db.autovacuum());
        System.out.printf(
                "Starting Signet on port %d (%s), log in %s%n",
                settings.port(), settings.dbUrl(), settings.out().resolve("signet.log"));
        try (SignetServer server = SignetServer.start(settings);
                Monitor monitor = Monitor.start(server.pid(), db)) {
            HttpClient http = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10))
                    .build();
            if (settings.runs("envelopes")) {
                report.envelopes(new EnvelopePhase(settings, http, db, monitor).run());
            }
            if (settings.runs("signers")) {
                report.signers(new SignerPhase(settings, http, db, monitor).run());
            }
            if (settings.runs("bare")) {
                report.bare(new BarePhase(settings, http, db, monitor).run());
            }
            if (settings.runs("dashboard")) {
                double before = loadAverage();
                DashboardPhase.Result dashboard = new DashboardPhase(settings, db).run();
                System.out.println(DashboardPhase.report(
                        dashboard, Machine.describe(), new double[] {before, loadAverage()}, settings));
            }
            System.out.println("Stopping Signet");
        }
        report.publish();
    }

    /** The one-minute load average, from /proc/loadavg; -1 where there is none. */
    static double loadAverage() {
        try {
            return Double.parseDouble(java.nio.file.Files.readString(java.nio.file.Path.of("/proc/loadavg"))
                    .split(" ")[0]);
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
    }
}
