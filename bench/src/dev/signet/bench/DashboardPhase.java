package dev.signet.bench;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The portal's dashboard with {@code bench.dashboard-envelopes} envelopes (100,000 by default) in the
 * bootstrap organisation's sandbox: they are written straight into PostgreSQL (two signers each, one
 * in ten thousand a rare name), then {@code clients} logged-in portal sessions ask the dashboard, over
 * HTTP, for a mix of pages: the first page, a status, a date range, a deep keyset page, and searches
 * for a rare name, an email, a common title word and a text nothing matches. Reported per kind and
 * over all: p50, p95, max (bench/README.md, "Dashboard").
 */
final class DashboardPhase {

    private static final Pattern CSRF = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"");
    private static final String[] TITLES = {
        "Lease agreement",
        "Employment contract",
        "Non-disclosure agreement",
        "Invoice approval",
        "Loan offer",
        "Supplier terms"
    };

    record Result(
            int envelopes,
            Duration load,
            Duration window,
            Map<String, Percentiles> kinds,
            Percentiles all,
            int failed) {}

    private final Settings settings;
    private final Database db;

    DashboardPhase(Settings settings, Database db) {
        this.settings = settings;
        this.db = db;
    }

    Result run() throws Exception {
        int n = settings.dashboardEnvelopes();
        Instant loading = Instant.now();
        List<String> cursors = load(n);
        Duration load = Duration.between(loading, Instant.now());
        System.out.printf("Dashboard: %,d envelopes loaded in %d s%n", n, load.toSeconds());
        Map<String, List<String>> queries = queries(n, cursors);
        List<HttpClient> sessions = new ArrayList<>();
        for (int i = 0; i < settings.clients(); i++) {
            sessions.add(login());
        }
        Map<String, ConcurrentLinkedQueue<Double>> timings = new LinkedHashMap<>();
        queries.keySet().forEach(k -> timings.put(k, new ConcurrentLinkedQueue<>()));
        List<String> kinds = new ArrayList<>(queries.keySet());
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        // Warm-up: every kind a few times per session, not counted.
        for (HttpClient session : sessions) {
            for (String kind : kinds) {
                get(session, queries.get(kind).get(0));
            }
        }
        Instant end = Instant.now().plus(settings.duration());
        List<Thread> threads = new ArrayList<>();
        for (HttpClient session : sessions) {
            Thread thread = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (Instant.now().isBefore(end)) {
                    String kind = kinds.get(random.nextInt(kinds.size()));
                    List<String> urls = queries.get(kind);
                    String url = urls.get(random.nextInt(urls.size()));
                    long start = System.nanoTime();
                    int status = get(session, url);
                    double ms = (System.nanoTime() - start) / 1e6;
                    if (status == 200) {
                        timings.get(kind).add(ms);
                    } else {
                        failures.add(status + " " + url);
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        Map<String, Percentiles> byKind = new LinkedHashMap<>();
        List<Double> all = new ArrayList<>();
        timings.forEach((kind, times) -> {
            byKind.put(kind, Percentiles.ofMillis(times));
            all.addAll(times);
        });
        failures.stream().limit(5).forEach(f -> System.out.println("  failed: " + f));
        return new Result(n, load, settings.duration(), byKind, Percentiles.ofMillis(all), failures.size());
    }

    /** Writes the envelopes and their signers in a few statements; returns keyset cursors spread over the list. */
    private List<String> load(int n) throws SQLException {
        try (Connection c = db.connect()) {
            String organisation;
            try (Statement s = c.createStatement();
                    ResultSet rs = s.executeQuery("select organisation_id from api_key order by created_at limit 1")) {
                rs.next();
                organisation = rs.getString(1);
            }
            StringBuilder titles = new StringBuilder("array[");
            for (int i = 0; i < TITLES.length; i++) {
                titles.append(i == 0 ? "" : ",").append('\'').append(TITLES[i]).append('\'');
            }
            titles.append(']');
            try (PreparedStatement envelopes = c.prepareStatement("""
                    insert into envelope (id, organisation_id, mode, name, status, options_json, created_at)
                    select md5('bench-envelope-' || g)::uuid, ?::uuid, 'sandbox', (%s)[1 + g %% %d] || ' ' || g,
                      case when g %% 10 < 6 then 'COMPLETE' when g %% 10 < 8 then 'ACTIVE'
                           when g %% 10 = 8 then 'ARCHIVED' when g %% 20 = 9 then 'DECLINED' else 'ERRORED' end,
                      '{}', now() - g * interval '5 minutes'
                    from generate_series(1, ?) g""".formatted(titles, TITLES.length))) {
                envelopes.setString(1, organisation);
                envelopes.setInt(2, n);
                envelopes.executeUpdate();
            }
            try (PreparedStatement recipients = c.prepareStatement("""
                    insert into recipient (id, envelope_id, position, type, name, email, auth_type, sign_group,
                      active_for_seconds, event_notifications, sign_status)
                    select md5('bench-recipient-' || g || '-' || p)::uuid, md5('bench-envelope-' || g)::uuid, p,
                      'SIGNER', (array['Anna','Ben','Chloe','David','Emma','Felix'])[1 + (g + p) % 6] || ' '
                        || (array['Smith','Jones','Miller','Schmidt','Brown','Weber'])[1 + (g / 7 + p) % 6]
                        || case when g % 10000 = 0 then ' Quenby' else '' end,
                      'person' || g || '.' || p || '@example' || (g % 5) || '.com', 'email', p + 1, 604800,
                      'envelope_completion', case when g % 10 < 6 then 'SIGNED' else 'UNSIGNED' end
                    from generate_series(1, ?) g, generate_series(0, 1) p""")) {
                recipients.setInt(1, n);
                recipients.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.execute("analyze envelope");
                s.execute("analyze recipient");
            }
            List<String> cursors = new ArrayList<>();
            try (PreparedStatement page = c.prepareStatement("""
                    select created_at, id from envelope where organisation_id = ?::uuid and mode = 'sandbox'
                      and deleted_at is null order by created_at desc, id desc offset ? limit 1""")) {
                for (int i = 1; i <= 20; i++) {
                    page.setString(1, organisation);
                    page.setInt(2, (int) ((long) n * i / 21));
                    try (ResultSet rs = page.executeQuery()) {
                        if (rs.next()) {
                            Instant at = rs.getObject(1, java.time.OffsetDateTime.class)
                                    .toInstant();
                            cursors.add(
                                    (at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000) + "." + rs.getString(2));
                        }
                    }
                }
            }
            return cursors;
        }
    }

    private Map<String, List<String>> queries(int n, List<String> cursors) {
        String list = settings.baseUrl() + "/portal/envelopes?mode=sandbox";
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Map<String, List<String>> queries = new LinkedHashMap<>();
        queries.put("first page", List.of(list));
        queries.put("status COMPLETE", List.of(list + "&status=COMPLETE"));
        queries.put("status DECLINED (5 %)", List.of(list + "&status=DECLINED"));
        List<String> ranges = new ArrayList<>();
        List<String> deep = new ArrayList<>();
        List<String> names = new ArrayList<>();
        List<String> emails = new ArrayList<>();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (int i = 0; i < 20; i++) {
            LocalDate from = today.minusDays(random.nextInt(Math.max(1, n / 288)));
            ranges.add(list + "&status=ACTIVE&from=" + from.minusDays(30) + "&to=" + from);
            deep.add(list + "&after=" + cursors.get(i % cursors.size()));
            int g = 1 + random.nextInt(n);
            emails.add(list + "&q=" + encode("person" + g + ".1@"));
            names.add(list + "&q=" + encode("Quenby"));
        }
        queries.put("status + 30-day range", ranges);
        queries.put("deep page (keyset cursor)", deep);
        queries.put("search: rare name (10 matches)", names);
        queries.put("search: one email", emails);
        queries.put("search: common word (1 in 6)", List.of(list + "&q=lease", list + "&q=contract"));
        queries.put("search: no match", List.of(list + "&q=" + encode("zqxjv")));
        return queries;
    }

    private HttpClient login() throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .build();
        HttpResponse<String> form = http.send(
                HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/portal/login"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher csrf = CSRF.matcher(form.body());
        if (!csrf.find()) {
            throw new IllegalStateException("No CSRF token on the login page");
        }
        String body = "email=" + encode(Settings.PORTAL_ADMIN) + "&password=" + encode(Settings.PORTAL_PASSWORD)
                + "&_csrf=" + encode(csrf.group(1));
        HttpResponse<String> login = http.send(
                HttpRequest.newBuilder(URI.create(settings.baseUrl() + "/portal/login"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (login.statusCode() != 302
                || !login.headers().firstValue("Location").orElse("").endsWith("/portal/envelopes")) {
            throw new IllegalStateException("The portal login failed: " + login.statusCode());
        }
        return http;
    }

    private static int get(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    /** The figures as Markdown, also written to {@code dashboard.md} in the output directory. */
    static String report(Result r, Machine machine, double[] loadAverage, Settings settings) throws IOException {
        StringBuilder md = new StringBuilder();
        md.append("Dashboard, ")
                .append(Instant.now())
                .append(", ")
                .append(machine)
                .append('\n');
        md.append(String.format(
                "%,d envelopes (%,d recipients) loaded in %d s; %d sessions, %d s window; load average %.2f at start,"
                        + " %.2f at end; %d failed requests%n%n",
                r.envelopes(),
                2L * r.envelopes(),
                r.load().toSeconds(),
                settings.clients(),
                r.window().toSeconds(),
                loadAverage[0],
                loadAverage[1],
                r.failed()));
        md.append("| request | n | p50 ms | p95 ms | max ms |\n|---|---:|---:|---:|---:|\n");
        r.kinds().forEach((kind, p) -> md.append(row(kind, p)));
        md.append(row("**all**", r.all()));
        Files.writeString(settings.out().resolve("dashboard.md"), md.toString());
        return md.toString();
    }

    private static String row(String kind, Percentiles p) {
        return "| " + kind + " | " + p.count() + " | " + Percentiles.fmt(p.p50()) + " | " + Percentiles.fmt(p.p95())
                + " | " + Percentiles.fmt(p.max()) + " |\n";
    }
}
