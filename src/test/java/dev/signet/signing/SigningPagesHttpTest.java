package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.aayushatharva.brotli4j.Brotli4jLoader;
import com.aayushatharva.brotli4j.decoder.Decoder;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

/** The signing pages over plain HTTP: headers, languages, renewal limits and bad input. */
class SigningPagesHttpTest extends SignetIntegrationTest {

    private String invitedToken(Tenant tenant, String email) {
        UUID id = create(
                tenant.sandboxKey(),
                new Options("Pages").signer("Pat", email, 1).toString());
        runJobs(id);
        return invitationTo(id, email).token();
    }

    private Api.Response page(String path, String acceptLanguage) {
        HttpRequest.Builder b = api.builder(path, null).GET();
        if (acceptLanguage != null) {
            b.header("Accept-Language", acceptLanguage);
        }
        return api.send(b);
    }

    @Test
    void thePageCarriesAStrictPolicyAndNoCaching() {
        String token = invitedToken(newTenant(), "csp@example.com");
        Api.Response page = page("/sign/" + token, null);
        assertThat(page.status()).isEqualTo(200);
        String csp = page.header("Content-Security-Policy");
        assertThat(csp)
                .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "worker-src 'self'")
                .doesNotContain("unsafe-inline", "unsafe-eval", "http");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("Referrer-Policy")).isEqualTo("same-origin");
        assertThat(page.header("Cache-Control")).isEqualTo("no-store");
        assertThat(page.text())
                .doesNotContain("<script>")
                .doesNotContain(" style=\"")
                .doesNotContain("onclick");
    }

    @Test
    void theLanguageFollowsAcceptLanguageAndTheLangSwitch() {
        String token = invitedToken(newTenant(), "lang@example.com");
        assertThat(page("/sign/" + token, "de-DE,de;q=0.9").text())
                .contains("lang=\"de\"", "Prüfen und unterschreiben");
        assertThat(page("/sign/" + token + "?lang=en", "de-DE").text()).contains("Review and sign");
        assertThat(page("/sign/" + token + "?lang=de", "en").text()).contains("Prüfen und unterschreiben");
        assertThat(page("/sign/" + token, "fr-FR").text()).contains("Review and sign");
    }

    @Test
    void anUnknownLinkIsA404PageAndTheAssetsAreServed() {
        Api.Response unknown = page("/sign/not-a-real-token", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.text()).contains("This link is not valid");
        assertThat(page("/signing/signing.js", null).status()).isEqualTo(200);
        assertThat(page("/signing/fonts/DancingScript-Regular.ttf", null).status())
                .isEqualTo(200);
        assertThat(page("/webjars/pdfjs-dist/4.10.38/build/pdf.worker.min.mjs", null)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void assetsAreNamedByTheirContentCompressedAndKeptForAYear() throws Exception {
        String token = invitedToken(newTenant(), "assets@example.com");
        Api.Response page = send("/sign/" + token, "gzip");
        assertThat(page.header("Content-Encoding"))
                .as("pages carry secrets: never compressed (BREACH)")
                .isNull();
        String html = page.text();
        Map<String, String> linked =
                Map.of("src", "signing.js", "href", "signing.css", "data-pattern-worker", "pattern-worker.js");
        for (Map.Entry<String, String> asset : linked.entrySet()) {
            String file = asset.getValue();
            int dot = file.lastIndexOf('.');
            Matcher m = Pattern.compile(asset.getKey() + "=\"(/signing/" + Pattern.quote(file.substring(0, dot))
                            + "-([0-9a-f]{32})" + Pattern.quote(file.substring(dot)) + ")\"")
                    .matcher(html);
            assertThat(m.find()).as(file + " linked by its content").isTrue();
            byte[] original =
                    getClass().getResourceAsStream("/static/signing/" + file).readAllBytes();
            assertThat(m.group(2))
                    .isEqualTo(HexFormat.of()
                            .formatHex(MessageDigest.getInstance("MD5").digest(original)));
            Api.Response versioned = send(m.group(1), "gzip");
            assertThat(versioned.status()).isEqualTo(200);
            assertThat(versioned.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
            // Under 1 KB compressing saves nothing worth a gzip header (server.compression.min-response-size).
            assertThat(versioned.header("Content-Encoding")).as(file).isEqualTo(original.length < 1024 ? null : "gzip");
            assertThat(original.length < 1024 ? versioned.bytes() : gunzip(versioned.bytes()))
                    .isEqualTo(original);
        }
        Api.Response plain = send("/signing/signing.js", null);
        assertThat(plain.header("Cache-Control"))
                .as("an address without a version is checked again")
                .isEqualTo("no-cache");
        Api.Response again = api.send(api.builder("/signing/signing.js", null)
                .header("If-Modified-Since", plain.header("Last-Modified"))
                .GET());
        assertThat(again.status()).isEqualTo(304);

        byte[] worker = getClass()
                .getResourceAsStream("/META-INF/resources/webjars/pdfjs-dist/4.10.38/build/pdf.worker.min.mjs")
                .readAllBytes();
        Api.Response pdfJs = send("/webjars/pdfjs-dist/4.10.38/build/pdf.worker.min.mjs", "gzip");
        assertThat(pdfJs.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(pdfJs.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(gunzip(pdfJs.bytes())).isEqualTo(worker);
        assertThat(pdfJs.bytes().length).as("compressed pdf.js worker").isLessThan(worker.length / 3);

        // The overlays' text font (629 KB) goes compressed too; the landing page asks for no pdf.js at all.
        byte[] font =
                getClass().getResourceAsStream("/fonts/NotoSans-Regular.ttf").readAllBytes();
        Api.Response ttf = send("/signing/fonts/NotoSans-Regular.ttf", "gzip");
        assertThat(ttf.header("Content-Encoding")).isEqualTo("gzip");
        assertThat(gunzip(ttf.bytes())).isEqualTo(font);
        assertThat(ttf.bytes().length).as("compressed Noto Sans").isLessThan(font.length / 2 + font.length / 10);
        assertThat(html).doesNotContain("pdf.min.mjs", "pdf.worker", "modulepreload");
    }

    @Test
    void theFaviconIsServed() {
        Api.Response ico = send("/favicon.ico", null);
        assertThat(ico.status()).isEqualTo(200);
        assertThat(ico.header("Content-Type")).isEqualTo("image/x-icon");
        assertThat(Arrays.copyOf(ico.bytes(), 4)).as("ICO header").containsExactly(0, 0, 1, 0);
        Api.Response svg = send("/favicon.svg", null);
        assertThat(svg.status()).isEqualTo(200);
        assertThat(svg.text()).startsWith("<svg");
    }

    private Api.Response send(String path, String acceptEncoding) {
        HttpRequest.Builder b = api.builder(path, null).GET();
        if (acceptEncoding != null) {
            b.header("Accept-Encoding", acceptEncoding);
        }
        return api.send(b);
    }

    /**
     * pdf.js and its worker, the largest files on the way to the first page, go brotli-compressed
     * (written at build time) to a browser that accepts br, gzip to one that accepts only gzip, as
     * they are to one that accepts neither; shared caches are told the answer depends on Accept-Encoding.
     */
    @Test
    void pdfJsGoesBrotliCompressedToABrowserThatAcceptsIt() throws Exception {
        for (String file : List.of("pdf.min.mjs", "pdf.worker.min.mjs")) {
            String path = "/webjars/pdfjs-dist/4.10.38/build/" + file;
            byte[] original =
                    getClass().getResourceAsStream("/META-INF/resources" + path).readAllBytes();

            Api.Response br = send(path, "gzip, deflate, br, zstd");
            assertThat(br.status()).isEqualTo(200);
            assertThat(br.header("Content-Encoding")).as(file).isEqualTo("br");
            assertThat(br.header("Vary")).as(file).containsIgnoringCase("Accept-Encoding");
            assertThat(br.header("Cache-Control")).isEqualTo(AssetCaching.IMMUTABLE);
            assertThat(unbrotli(br.bytes())).as(file).isEqualTo(original);

            Api.Response gzip = send(path, "gzip, deflate");
            assertThat(gzip.header("Content-Encoding")).as(file).isEqualTo("gzip");
            assertThat(gzip.header("Vary")).as(file).containsIgnoringCase("Accept-Encoding");
            assertThat(gunzip(gzip.bytes())).as(file).isEqualTo(original);
            assertThat(br.bytes().length).as(file + ": brotli against gzip").isLessThan(gzip.bytes().length * 9 / 10);

            Api.Response identity = send(path, null);
            assertThat(identity.header("Content-Encoding")).as(file).isNull();
            assertThat(identity.bytes()).as(file).isEqualTo(original);
        }
    }

    private static byte[] unbrotli(byte[] bytes) throws IOException {
        Brotli4jLoader.ensureAvailability();
        return Decoder.decompress(bytes, 0, bytes.length);
    }

    private static byte[] gunzip(byte[] bytes) throws IOException {
        try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(bytes))) {
            return in.readAllBytes();
        }
    }

    @Test
    void aCrossSitePostIsRefusedAndASameOriginOneIsNot() {
        String token = invitedToken(newTenant(), "csrf@example.com");
        Api.Response foreign = api.send(api.builder("/sign/" + token + "/renew", null)
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(foreign.status()).isEqualTo(403);
        assertThat(foreign.json().get("code").asText()).isEqualTo("CROSS_ORIGIN_REQUEST");
        Api.Response crossSite = api.send(api.builder("/v2/signing/" + token + "/submit", null)
                .header("Sec-Fetch-Site", "cross-site")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"tags\":[]}")));
        assertThat(crossSite.status()).isEqualTo(403);
        Api.Response own = api.send(api.builder("/sign/" + token + "/renew", null)
                .header("Origin", "http://127.0.0.1:" + port)
                .POST(HttpRequest.BodyPublishers.noBody()));
        assertThat(own.status()).isEqualTo(302);
    }

    /**
     * One new link per ten minutes. The answer is the same whether a link was sent or nothing could
     * be (a live link, an unknown token); inside the limit, when nothing was sent because a link went
     * out minutes ago, the page says so and when to ask again instead of "a new link is on its way".
     */
    @Test
    void renewalSendsOneLinkPerTenMinutesAndSaysSoWhenOneWasJustSent() {
        Tenant tenant = newTenant();
        UUID id = create(
                tenant.sandboxKey(),
                new Options("Renew").signer("Ren", "ren@example.com", 1).toString());
        runJobs(id);
        String token = invitationTo(id, "ren@example.com").token();
        Api.Response valid = api.post("/sign/" + token + "/renew", null);
        assertThat(outbox(id, "INVITATION")).hasSize(1);

        jdbc.sql(
                        "update signing_token set expires_at = ? where recipient_id in (select id from recipient where envelope_id = ?)")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1), id)
                .update();
        Api.Response tooSoon = api.post("/sign/" + token + "/renew", null);
        assertThat(outbox(id, "INVITATION"))
                .as("the first link was made minutes ago")
                .hasSize(1);
        assertThat(tooSoon.status()).isEqualTo(302);
        assertThat(tooSoon.header("Location")).endsWith("/sign/link-sent-recently/10?lang=en");

        jdbc.sql(
                        "update signing_token set created_at = ? where recipient_id in (select id from recipient where envelope_id = ?)")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(7 * 60 + 30), id)
                .update();
        assertThat(api.post("/sign/" + token + "/renew?lang=de", null).header("Location"))
                .as("2.5 minutes left, rounded up")
                .endsWith("/sign/link-sent-recently/3?lang=de");
        assertThat(outbox(id, "INVITATION")).hasSize(1);

        jdbc.sql(
                        "update signing_token set created_at = ? where recipient_id in (select id from recipient where envelope_id = ?)")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(11), id)
                .update();
        assertThat(page("/sign/" + token, null).status()).isEqualTo(410);
        assertThat(outbox(id, "INVITATION")).as("a GET never sends").hasSize(1);
        Api.Response sent = api.post("/sign/" + token + "/renew", null);
        assertThat(outbox(id, "INVITATION")).hasSize(2);
        String renewed = invitationTo(id, "ren@example.com").token();
        jdbc.sql(
                        "update signing_token set expires_at = ? where recipient_id in (select id from recipient where envelope_id = ?)")
                .params(OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1), id)
                .update();
        Api.Response again = api.post("/sign/" + renewed + "/renew", null);
        assertThat(outbox(id, "INVITATION")).hasSize(2);
        assertThat(again.header("Location")).endsWith("/sign/link-sent-recently/10?lang=en");
        Api.Response replaced = api.post("/sign/" + token + "/renew", null);
        assertThat(outbox(id, "INVITATION"))
                .as("a link a newer one replaced is not renewed")
                .hasSize(2);

        for (Api.Response r : new Api.Response[] {valid, sent, replaced}) {
            assertThat(r.status()).isEqualTo(302);
            assertThat(r.header("Location")).endsWith("/sign/link-requested?lang=en");
        }
        assertThat(api.post("/sign/unknown-token/renew", null).header("Location"))
                .endsWith("/sign/link-requested?lang=en");

        Api.Response requested = page("/sign/link-requested?lang=en", null);
        assertThat(requested.status()).isEqualTo(200);
        assertThat(requested.text())
                .contains(
                        "and this was the newest link you were sent, a new link is on its way",
                        "A link that a newer one replaced cannot be renewed: use the newest email.");
        Api.Response recent = page("/sign/link-sent-recently/3?lang=en", null);
        assertThat(recent.status()).isEqualTo(200);
        assertThat(recent.header("Cache-Control")).isEqualTo("no-store");
        assertThat(recent.text())
                .contains("less than 10 minutes ago", "ask again in 3 minutes")
                .doesNotContain("on its way", "ren@example.com");
        assertThat(page("/sign/link-sent-recently/1?lang=en", null).text()).contains("ask again in 1 minute.");
        assertThat(page("/sign/link-sent-recently/3?lang=de", null).text())
                .contains("in 3 Minuten erneut")
                .contains("?lang=en");
        assertThat(page("/sign/link-sent-recently/99", null).text())
                .as("a hand-made path stays within the limit")
                .contains("ask again in 10 minutes");
    }

    @Test
    void submitsAreLimitedPerTokenWithRetryAfter() {
        String token = invitedToken(newTenant(), "limit@example.com");
        for (int i = 0; i < TokenRateLimit.LIMIT; i++) {
            assertThat(api.postJson("/v2/signing/" + token + "/submit", null, "{\"tags\":[]}")
                            .status())
                    .isEqualTo(422);
        }
        Api.Response limited = api.postJson("/v2/signing/" + token + "/submit", null, "{\"tags\":[]}");
        assertThat(limited.status()).isEqualTo(429);
        assertThat(Integer.parseInt(limited.header("Retry-After"))).isBetween(1, 60);
        assertThat(limited.json().get("code").asText()).isEqualTo("RATE_LIMITED");
        assertThat(limited.json().get("message").asText()).isNotBlank();
    }

    @Test
    void badInputGetsTheErrorBodyNeverA500() {
        String token = invitedToken(newTenant(), "bad@example.com");
        String[] bodies = {"not json", "[]", "{\"tags\": 5}", "{\"tags\": [5, null, {\"name\": {}}]}", "\"text\""};
        for (String body : bodies) {
            Api.Response r = api.postJson("/v2/signing/" + token + "/submit", null, body);
            assertThat(r.status()).as(body).isBetween(400, 499);
            assertThat(r.json().get("code").asText()).isNotBlank();
        }
        Api.Response decline = api.postJson("/v2/signing/" + token + "/decline", null, "{\"reason\": 7}");
        assertThat(decline.status()).isEqualTo(400);
        Api.Response notAllowed = api.postJson("/v2/signing/" + token + "/decline", null, "{\"reason\": \"no\"}");
        assertThat(notAllowed.status()).isEqualTo(409);
        assertThat(page("/sign/" + "x".repeat(5000), null).status()).isEqualTo(404);
        assertThat(api.post("/sign/" + token + "/renew?lang=xx", null).status()).isEqualTo(302);
    }
}
