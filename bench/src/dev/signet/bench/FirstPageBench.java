package dev.signet.bench;

import com.google.gson.JsonObject;
import com.itextpdf.io.font.PdfEncodings;
import com.itextpdf.kernel.colors.ColorConstants;
import com.itextpdf.kernel.font.PdfFont;
import com.itextpdf.kernel.font.PdfFontFactory;
import com.itextpdf.kernel.geom.PageSize;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Time to the first page on a slow 4G phone (bench/README.md, "Running the first-page bench"): each
 * Signet jar given is started in embedded mode, gets one envelope of a 10-page PDF, and its signing
 * link is opened again and again in a fresh Chromium context (nothing cached) with Chrome DevTools'
 * "Slow 4G" network and a 4× slower CPU on a 390×844 phone. The harness taps "Review and sign" as
 * soon as the landing page has loaded and waits until page 1's canvas shows the page's last drawing
 * (a black box each page ends with); then the same again in the same browser (cached); then, in a new
 * browser, it taps only after reading the landing page for {@code read} seconds, as a signer does.
 * The builds take turns, so a burst of load elsewhere slows both.
 *
 * <p>Arguments: {@code label=path/to/signet.jar …}, then {@code runs=N} (default 10) and
 * {@code read=S} (default 5; 0 leaves the third visit out).
 */
public final class FirstPageBench {

    /** Chrome DevTools' "Slow 4G" preset: 150 ms RTT × 3.75, 1.6 Mbit/s and 750 kbit/s × 0.9. */
    static final double LATENCY_MS = 150 * 3.75;

    static final double DOWNLOAD_BYTES_PER_S = 1.6 * 1000 * 1000 / 8 * 0.9;
    static final double UPLOAD_BYTES_PER_S = 750.0 * 1000 / 8 * 0.9;
    static final int CPU_SLOWDOWN = 4;
    static final int PAGES = 10;
    /** The black box every page ends with, in points from the top left of an A4 page. */
    static final float BOX_X = 500;

    static final float BOX_Y = 40;
    static final float BOX_W = 60;
    static final float BOX_H = 20;
    static final String KEY = "sk_sandbox_first_page_bench_0001";

    /**
     * Put into every page before its own scripts: the moment of the tap on "Review and sign", and the
     * first moment page 1's canvas has the box's centre black (polled every 20 ms, one pixel read).
     */
    static final String PROBE = """
            (() => {
              const t = { click: null, first: null };
              window.__bench = t;
              document.addEventListener('click', (e) => {
                if (t.click === null && e.target.closest && e.target.closest('#start')) t.click = performance.now();
              }, true);
              const poll = () => {
                if (t.first !== null) return;
                const c = document.querySelector('.page canvas');
                if (c && c.width > 1) {
                  const d = c.getContext('2d').getImageData(Math.floor(c.width * %f), Math.floor(c.height * %f), 1, 1).data;
                  if (d[3] === 255 && d[0] < 64 && d[1] < 64 && d[2] < 64) { t.first = performance.now(); return; }
                }
                setTimeout(poll, 20);
              };
              poll();
            })();
            """;

    static String probe() {
        return String.format(
                java.util.Locale.ROOT,
                PROBE,
                (BOX_X + BOX_W / 2) / PageSize.A4.getWidth(),
                (BOX_Y + BOX_H / 2) / PageSize.A4.getHeight());
    }

    record Build(String label, Path jar) {}

    /** One visit: from the start of navigation, in ms, the tap and page 1 seen; the page's own mark if it sets one. */
    record Visit(double clickMs, double firstMs, Double markMs, long bytes, int pdfJsBeforeTap, Double workerMs) {

        double tapToFirst() {
            return firstMs - clickMs;
        }
    }

    /**
     * A first visit (nothing cached), a second one in the same browser (what the cache keeps), and a
     * first visit in a new browser whose signer reads the landing page before tapping (null without).
     */
    record Run(Visit cold, Visit warm, Visit read) {}

    public static void main(String[] args) throws Exception {
        List<Build> builds = new ArrayList<>();
        int runs = 10;
        int read = 5;
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            if (kv[0].equals("runs")) {
                runs = Integer.parseInt(kv[1]);
            } else if (kv[0].equals("read")) {
                read = Integer.parseInt(kv[1]);
            } else {
                builds.add(new Build(kv[0], Path.of(kv[1])));
            }
        }
        if (builds.isEmpty()) {
            throw new IllegalArgumentException("Usage: label=signet.jar [label=other.jar] [runs=N]");
        }
        byte[] pdf = tenPages();
        Path out = Path.of("target", "bench-first-page");
        List<Server> servers = new ArrayList<>();
        try (Playwright playwright = Playwright.create()) {
            for (int i = 0; i < builds.size(); i++) {
                servers.add(Server.start(
                        builds.get(i), 18190 + i, out.resolve(builds.get(i).label())));
            }
            Map<Server, String> links = new LinkedHashMap<>();
            for (Server s : servers) {
                links.put(s, s.signingLink(pdf));
            }
            Browser browser = playwright
                    .chromium()
                    .launch(new BrowserType.LaunchOptions()
                            .setExecutablePath(Path.of("/usr/bin/chromium"))
                            .setHeadless(true)
                            .setArgs(List.of("--no-sandbox", "--disable-dev-shm-usage")));
            String loadBefore = loadAverage();
            Map<Server, List<Run>> results = new LinkedHashMap<>();
            for (Server s : servers) {
                results.put(s, new ArrayList<>());
                // Not counted: the server's first answers (templates, gzip, JIT) and the browser's start.
                measure(browser, links.get(s), false, 0);
            }
            for (int r = 0; r < runs; r++) {
                List<Server> order = new ArrayList<>(servers);
                if (r % 2 == 1) {
                    java.util.Collections.reverse(order);
                }
                for (Server s : order) {
                    Run run = measure(browser, links.get(s), true, read);
                    results.get(s).add(run);
                    Visit c = run.cold();
                    System.out.printf(
                            "run %2d %-8s tap→page 1 %6.0f ms, open→page 1 %6.0f ms (page's mark %s), %,d bytes;"
                                    + " cached: tap→page 1 %6.0f ms, open→page 1 %6.0f ms, %,d bytes%n",
                            r + 1,
                            s.build.label(),
                            c.tapToFirst(),
                            c.firstMs(),
                            c.markMs() == null ? "-" : String.format("%.0f ms", c.markMs()),
                            c.bytes(),
                            run.warm().tapToFirst(),
                            run.warm().firstMs(),
                            run.warm().bytes());
                    if (run.read() != null) {
                        System.out.printf(
                                "       %-8s after reading %d s: tap→page 1 %6.0f ms, open→page 1 %6.0f ms, %,d bytes,"
                                        + " pdf.js requests before the tap %d, worker in the page at %s (tap at %.0f ms)%n",
                                s.build.label(),
                                read,
                                run.read().tapToFirst(),
                                run.read().firstMs(),
                                run.read().bytes(),
                                run.read().pdfJsBeforeTap(),
                                run.read().workerMs() == null
                                        ? "-"
                                        : String.format("%.0f ms", run.read().workerMs()),
                                run.read().clickMs());
                    }
                }
            }
            String loadAfter = loadAverage();
            browser.close();
            System.out.println();
            System.out.printf(
                    "Slow 4G (%.1f ms, %.0f B/s down, %.0f B/s up), CPU ×%d, 390×844 at 3×, %d-page PDF, %d runs; "
                            + "tap after reading %d s; load average before %s, after %s; %d cores%n%n",
                    LATENCY_MS,
                    DOWNLOAD_BYTES_PER_S,
                    UPLOAD_BYTES_PER_S,
                    CPU_SLOWDOWN,
                    PAGES,
                    runs,
                    read,
                    loadBefore,
                    loadAfter,
                    Runtime.getRuntime().availableProcessors());
            System.out.println("| build | visit | tap → page 1, median | p95 | open → page 1, median | p95 |"
                    + " bytes until page 1, median | pdf.js asked for before the tap |");
            System.out.println("|---|---|---|---|---|---|---|---|");
            for (Map.Entry<Server, List<Run>> e : results.entrySet()) {
                row(
                        e.getKey().build.label(),
                        "first",
                        e.getValue().stream().map(Run::cold).toList());
                row(
                        e.getKey().build.label(),
                        "cached",
                        e.getValue().stream().map(Run::warm).toList());
                if (read > 0) {
                    row(
                            e.getKey().build.label(),
                            "first, tap after " + read + " s",
                            e.getValue().stream().map(Run::read).toList());
                }
            }
        } finally {
            for (Server s : servers) {
                s.close();
            }
        }
    }

    static void row(String label, String visit, List<Visit> list) {
        List<Double> tap = list.stream().map(Visit::tapToFirst).toList();
        List<Double> open = list.stream().map(Visit::firstMs).toList();
        List<Double> bytes = list.stream().map(x -> (double) x.bytes()).toList();
        System.out.printf(
                "| %s | %s | %.2f s | %.2f s | %.2f s | %.2f s | %,.0f | %d |%n",
                label,
                visit,
                percentile(tap, 50) / 1000,
                percentile(tap, 95) / 1000,
                percentile(open, 50) / 1000,
                percentile(open, 95) / 1000,
                percentile(bytes, 50),
                list.stream().mapToInt(Visit::pdfJsBeforeTap).max().orElse(0));
    }

    /**
     * Two visits in a new context, the first with nothing cached, then the same link again; then, with
     * {@code read} above 0, one in another new context that taps after {@code read} seconds.
     */
    static Run measure(Browser browser, String link, boolean throttled, int read) {
        Visit cold;
        Visit warm;
        try (Session session = new Session(browser, throttled)) {
            cold = session.visit(link, 0);
            warm = session.visit(link, 0);
        }
        if (read <= 0) {
            return new Run(cold, warm, null);
        }
        try (Session session = new Session(browser, throttled)) {
            return new Run(cold, warm, session.visit(link, read));
        }
    }

    /** A new browser context (nothing cached) on the phone, throttled or not, counting what the page receives. */
    static final class Session implements AutoCloseable {

        final BrowserContext context;
        final Page page;
        final AtomicLong bytes = new AtomicLong();
        final List<String> asked = new java.util.concurrent.CopyOnWriteArrayList<>();

        Session(Browser browser, boolean throttled) {
            context = browser.newContext(new Browser.NewContextOptions()
                    .setViewportSize(390, 844)
                    .setIsMobile(true)
                    .setHasTouch(true)
                    .setDeviceScaleFactor(3)
                    .setLocale("en-GB"));
            context.addInitScript(probe());
            page = context.newPage();
            page.setDefaultTimeout(120_000);
            CDPSession cdp = context.newCDPSession(page);
            cdp.send("Network.enable");
            cdp.on(
                    "Network.loadingFinished",
                    (JsonObject e) ->
                            bytes.addAndGet((long) e.get("encodedDataLength").getAsDouble()));
            page.onRequest(r -> asked.add(r.url()));
            if (throttled) {
                JsonObject network = new JsonObject();
                network.addProperty("offline", false);
                network.addProperty("latency", LATENCY_MS);
                network.addProperty("downloadThroughput", DOWNLOAD_BYTES_PER_S);
                network.addProperty("uploadThroughput", UPLOAD_BYTES_PER_S);
                network.addProperty("connectionType", "cellular4g");
                cdp.send("Network.emulateNetworkConditions", network);
                JsonObject cpu = new JsonObject();
                cpu.addProperty("rate", CPU_SLOWDOWN);
                cdp.send("Emulation.setCPUThrottlingRate", cpu);
            }
        }

        /** Opens the link, taps "Review and sign" {@code readSeconds} after the landing page's load, waits for page 1. */
        Visit visit(String link, int readSeconds) {
            bytes.set(0);
            asked.clear();
            page.navigate(link);
            if (readSeconds > 0) {
                page.waitForTimeout(readSeconds * 1000.0);
            }
            int pdfJsBeforeTap =
                    (int) asked.stream().filter(u -> u.contains("pdfjs")).count();
            page.tap("#start");
            page.waitForFunction("() => window.__bench.first !== null && window.__bench.click !== null");
            long until = bytes.get();
            // The worker's first fetch by the page itself (a build that fetches ahead): when it had come.
            Map<?, ?> t = (Map<?, ?>)
                    page.evaluate(
                            "() => ({ click: window.__bench.click, first: window.__bench.first, mark: (performance"
                                    + ".getEntriesByName('signet:first-page')[0] || {}).startTime, worker: (performance"
                                    + ".getEntriesByType('resource').find((e) => e.name.includes('pdf.worker')) || {}).responseEnd })");
            Object mark = t.get("mark");
            Object worker = t.get("worker");
            return new Visit(
                    ((Number) t.get("click")).doubleValue(),
                    ((Number) t.get("first")).doubleValue(),
                    mark == null ? null : ((Number) mark).doubleValue(),
                    until,
                    pdfJsBeforeTap,
                    worker == null ? null : ((Number) worker).doubleValue());
        }

        @Override
        public void close() {
            context.close();
        }
    }

    static double percentile(List<Double> values, int p) {
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank)));
    }

    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            return String.format(
                    "%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    /** A 10-page contract in Noto Sans (embedded subset), each page ending with a black box. */
    static byte[] tenPages() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] ttf;
        try (InputStream in = FirstPageBench.class.getResourceAsStream("/fonts/NotoSans-Regular.ttf")) {
            ttf = in.readAllBytes();
        }
        try (PdfDocument pdf = new PdfDocument(new PdfWriter(out))) {
            PdfFont font = PdfFontFactory.createFont(
                    ttf, PdfEncodings.IDENTITY_H, PdfFontFactory.EmbeddingStrategy.PREFER_EMBEDDED);
            for (int n = 1; n <= PAGES; n++) {
                PdfCanvas canvas = new PdfCanvas(pdf.addNewPage(PageSize.A4));
                canvas.beginText().setFontAndSize(font, 16).moveText(56, 780);
                canvas.showText("Tenancy agreement, page " + n + " of " + PAGES).endText();
                for (int line = 0; line < 48; line++) {
                    canvas.beginText()
                            .setFontAndSize(font, 10)
                            .moveText(56, 750 - line * 14)
                            .showText("Clause " + n + "." + (line + 1)
                                    + ": the tenant keeps the property in good repair and pays the rent on the first day"
                                    + " of each month.")
                            .endText();
                }
                canvas.setFillColor(ColorConstants.BLACK)
                        .rectangle(BOX_X, PageSize.A4.getHeight() - BOX_Y - BOX_H, BOX_W, BOX_H)
                        .fill();
            }
        }
        return out.toByteArray();
    }

    /** One Signet jar in embedded mode (H2, sandbox mail kept), on its own port and data directory. */
    static final class Server implements AutoCloseable {

        final Build build;
        final int port;
        final Process process;
        final HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        private Server(Build build, int port, Process process) {
            this.build = build;
            this.port = port;
            this.process = process;
        }

        static Server start(Build build, int port, Path dir) throws IOException, InterruptedException {
            deleteRecursively(dir);
            Files.createDirectories(dir);
            ProcessBuilder builder = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-Xmx512m",
                            "-jar",
                            build.jar().toAbsolutePath().toString())
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve("signet.log").toFile());
            builder.environment().put("PORT", String.valueOf(port));
            builder.environment()
                    .put("SIGNET_DATA_DIR", dir.resolve("data").toAbsolutePath().toString());
            builder.environment().put("SIGNET_BOOTSTRAP_API_KEY", KEY);
            builder.environment().put("SIGNET_PUBLIC_URL", "http://127.0.0.1:" + port);
            Server server = new Server(build, port, builder.start());
            Runtime.getRuntime().addShutdownHook(new Thread(server.process::destroyForcibly));
            server.awaitReady(dir);
            return server;
        }

        String base() {
            return "http://127.0.0.1:" + port;
        }

        private void awaitReady(Path dir) throws InterruptedException {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(6));
            while (Instant.now().isBefore(deadline)) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(build.label() + " exited; see " + dir.resolve("signet.log"));
                }
                try {
                    if (get("/v2/envelopes/" + new UUID(0, 0) + "/status").statusCode() == 404) {
                        return;
                    }
                } catch (IOException notYet) {
                    // still starting
                }
                Thread.sleep(500);
            }
            throw new IllegalStateException(build.label() + " was not ready in 6 minutes");
        }

        HttpResponse<String> get(String path) throws IOException, InterruptedException {
            return http.send(
                    HttpRequest.newBuilder(URI.create(base() + path))
                            .header("Authorization", "Bearer " + KEY)
                            .timeout(Duration.ofSeconds(30))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }

        /** One envelope, one signer with a signature on page 1 and a text field on page 10: their link. */
        String signingLink(byte[] pdf) throws IOException, InterruptedException {
            String options = """
                    {"name":"Tenancy agreement","recipients":[{"name":"Pia Phone","email":"pia@bench.example",
                     "sign_group":1,"tags":[
                      {"type":"signature","name":"sig","file_name":"contract.pdf","page_number":1,"x":0.1,"y":0.85},
                      {"type":"text_field","name":"city","file_name":"contract.pdf","page_number":10,"x":0.1,"y":0.9}]}]}""";
            byte[] body = new Multipart()
                    .part("file", "contract.pdf", "application/pdf", pdf)
                    .part("options", null, "application/json", options.getBytes(StandardCharsets.UTF_8))
                    .bytes();
            HttpResponse<String> created = http.send(
                    HttpRequest.newBuilder(URI.create(base() + "/v2/envelopes"))
                            .header("Authorization", "Bearer " + KEY)
                            .header("Content-Type", Multipart.contentType())
                            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher id = Pattern.compile("\"envelope_id\"\\s*:\\s*\"([0-9a-f-]{36})\"")
                    .matcher(created.body());
            if (created.statusCode() != 202 || !id.find()) {
                throw new IllegalStateException("POST /v2/envelopes: " + created.statusCode() + " " + created.body());
            }
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (Instant.now().isBefore(deadline)) {
                if (get("/v2/envelopes/" + id.group(1) + "/status").body().contains("ACTIVE")) {
                    Matcher link = Pattern.compile("/sign/([A-Za-z0-9_-]{20,})")
                            .matcher(get("/v2/sandbox/outbox").body());
                    if (link.find()) {
                        return base() + "/sign/" + link.group(1);
                    }
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException(build.label() + ": the envelope did not become ACTIVE with a link");
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }

        private static void deleteRecursively(Path dir) throws IOException {
            if (!Files.exists(dir)) {
                return;
            }
            try (Stream<Path> paths = Files.walk(dir)) {
                for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }
}
