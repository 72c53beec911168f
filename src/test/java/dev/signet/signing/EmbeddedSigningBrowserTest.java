package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.FrameLocator;
import com.microsoft.playwright.Page;
import com.sun.net.httpserver.HttpServer;
import dev.signet.Api;
import dev.signet.Chromium;
import dev.signet.Pdfs;
import dev.signet.SignetIntegrationTest;
import dev.signet.account.Mode;
import dev.signet.signature.Dss;
import dev.signet.signature.Pki;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.simplereport.SimpleReport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Embedded signing in a real Chromium (issue 14's acceptance): an integrator's page on another
 * origin, and another site ({@code localhost} against Signet's {@code 127.0.0.1}, so no cookie of
 * Signet's could even be sent), frames {@code /embedded/sign/{token}}; the signer signs inside the
 * frame; the host page receives the postMessage and is sent to the success URL. The same page served
 * from an origin the organisation did not allow is refused the frame.
 */
class EmbeddedSigningBrowserTest extends SignetIntegrationTest {

    @Autowired
    Pki pki;

    private static HttpServer host;

    @RegisterExtension
    final Chromium chromium = new Chromium();

    private BrowserContext context;
    private final List<String> console = new CopyOnWriteArrayList<>();

    /**
     * The integrator's site: {@code /host?src=…} frames the address it is given and keeps every
     * message from Signet's origin in its own localStorage; {@code /done} shows them.
     */
    @BeforeAll
    static void start() throws IOException {
        host = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        host.createContext("/host", exchange -> {
            String query = exchange.getRequestURI().getRawQuery();
            String src = java.net.URLDecoder.decode(query.substring("src=".length()), StandardCharsets.UTF_8);
            String signet = src.substring(0, src.indexOf("/embedded/"));
            html(exchange, """
                    <!DOCTYPE html><html><head><title>Host</title></head><body>
                    <h1>Integrator</h1>
                    <iframe id="signet" src="%s" width="100%%" height="750" style="border:0" allowfullscreen></iframe>
                    <script>
                      document.getElementById('signet').addEventListener('load', () => { document.body.dataset.loaded = 'yes'; });
                      window.addEventListener('message', (e) => {
                        if (e.origin !== '%s' || !e.data || e.data.type !== 'signet.embedded') return;
                        const kept = JSON.parse(localStorage.getItem('signet') || '[]');
                        kept.push(e.data);
                        localStorage.setItem('signet', JSON.stringify(kept));
                      });
                    </script></body></html>""".formatted(src, signet));
        });
        host.createContext("/done", exchange -> html(exchange, """
                <!DOCTYPE html><html><head><title>Done</title></head><body>
                <pre id="received"></pre>
                <script>document.getElementById('received').textContent = localStorage.getItem('signet') || '[]';</script>
                </body></html>"""));
        host.start();
    }

    private static void html(com.sun.net.httpserver.HttpExchange exchange, String page) throws IOException {
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
        exchange.sendResponseHeaders(200, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @AfterAll
    static void stop() {
        host.stop(0);
    }

    private static String hostOrigin(String hostName) {
        return "http://" + hostName + ":" + host.getAddress().getPort();
    }

    private Page open() {
        Page page = chromium.desktop();
        context = page.context();
        page.onConsoleMessage(m -> console.add(m.text()));
        return page;
    }

    /** One signer with a signature; the organisation lets the integrator's localhost origin frame its pages. */
    private JsonNode embeddedEnvelope(Tenant tenant) {
        return embeddedEnvelope(tenant, false);
    }

    private JsonNode embeddedEnvelope(Tenant tenant, boolean allowDecline) {
        Api.Response settings = api.send(api.builder("/v2/embedding", tenant.sandboxKey())
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString("{\"allowed_origins\": [\"" + hostOrigin("localhost")
                        + "\"], \"branding\": {\"primary_color\": \"#5a2d82\"}}")));
        assertThat(settings.status()).as(settings.toString()).isEqualTo(200);
        Options options = new Options("Embedded NDA");
        options.json().put("allow_decline", allowDecline);
        ObjectNode signer = options.json()
                .withArray("recipients")
                .addObject()
                .put("name", "Ivy Frame")
                .put("email", "ivy@example.com")
                .put("sign_group", 1);
        signer.putArray("event_notifications");
        ArrayNode tags = signer.putArray("tags");
        tags.addObject()
                .put("type", "signature")
                .put("name", "sig")
                .put("file_name", "contract.pdf")
                .put("page_number", 1)
                .put("x", 0.1)
                .put("y", 0.1);
        options.json()
                .putObject("parent_redirect_urls")
                .put("success", hostOrigin("localhost") + "/done?outcome=signed")
                .put("failure", hostOrigin("localhost") + "/done?outcome=failed");
        Api.Response created = api.multipart(
                "/v2/embedded-envelopes",
                tenant.sandboxKey(),
                Map.of(),
                List.of(Api.Part.file("contract.pdf", Pdfs.pages(1)), Api.Part.options(options.toString())));
        assertThat(created.status()).as(created.toString()).isEqualTo(202);
        runJobs(UUID.fromString(created.json().get("envelope_id").asText()));
        return created.json();
    }

    private String frameSource(JsonNode created) {
        return "http://127.0.0.1:" + port + "/embedded/sign/"
                + created.get("recipients").get(0).get("token").asText();
    }

    private static String hostPage(String origin, String src) {
        return origin + "/host?src=" + java.net.URLEncoder.encode(src, StandardCharsets.UTF_8);
    }

    @Test
    void aSignerSignsInsideAnotherSitesFrameAndTheHostPageIsToldAndSentOn() throws Exception {
        Tenant tenant = newTenant();
        JsonNode created = embeddedEnvelope(tenant);
        UUID id = UUID.fromString(created.get("envelope_id").asText());
        Page page = open();
        page.navigate(hostPage(hostOrigin("localhost"), frameSource(created)));

        FrameLocator frame = page.frameLocator("#signet");
        assertThat(frame.locator("h1").textContent()).isEqualTo("Embedded NDA");
        assertThat(frame.locator("#start").evaluate("b => getComputedStyle(b).backgroundColor"))
                .as("the organisation's primary colour")
                .isEqualTo("rgb(90, 45, 130)");
        assertThat(context.cookies()).as("the signing pages set no cookie").isEmpty();
        frame.locator("#start").click();
        frame.locator(".page canvas").first().waitFor();
        frame.locator(".field[data-name='sig']").click();
        frame.locator("#sign-text").fill("Ivy Frame");
        frame.locator("#field-apply").click();
        frame.locator("#finish").click();
        frame.locator("#submit").click();

        page.waitForURL(hostOrigin("localhost") + "/done?outcome=signed");
        JsonNode received = JSON.readTree(page.locator("#received").textContent());
        assertThat(received).hasSize(1);
        JsonNode message = received.get(0);
        assertThat(message.get("event").asText()).isEqualTo("signed");
        assertThat(message.get("version").asInt()).isEqualTo(1);
        assertThat(message.get("envelope_id").asText()).isEqualTo(id.toString());
        assertThat(message.get("recipient_id").asText())
                .isEqualTo(created.get("recipients").get(0).get("recipient_id").asText());
        assertThat(message.get("redirect_url").asText()).isEqualTo(hostOrigin("localhost") + "/done?outcome=signed");

        runJobs(id);
        assertThat(status(id)).isEqualTo("COMPLETE");
        Path dir = Files.createTempDirectory("embedded-signed");
        Path pdf = Files.write(
                dir.resolve("contract.pdf"),
                completionPack(tenant.sandboxKey(), id).get("contract.pdf"));
        SimpleReport report = Dss.validate(pdf, pki.root(Mode.SANDBOX)).getSimpleReport();
        assertThat(report.getSignatureIdList()).extracting(report::getSignedBy).anyMatch(s -> s.contains("Ivy Frame"));
        for (String signature : report.getSignatureIdList()) {
            assertThat(report.getIndication(signature))
                    .as(report.getSignedBy(signature))
                    .isEqualTo(Indication.TOTAL_PASSED);
        }
    }

    /** Without a decline URL of its own, a decline sends the host page to parent_redirect_urls.failure. */
    @Test
    void aSignerDeclinesInsideTheFrameAndTheHostPageIsToldAndSentToTheFailureUrl() throws Exception {
        Tenant tenant = newTenant();
        JsonNode created = embeddedEnvelope(tenant, true);
        UUID id = UUID.fromString(created.get("envelope_id").asText());
        Page page = open();
        page.navigate(hostPage(hostOrigin("localhost"), frameSource(created)));

        FrameLocator frame = page.frameLocator("#signet");
        frame.locator("#decline-open").click();
        frame.locator("#decline-reason").fill("The dates are wrong");
        frame.locator("#decline-submit").click();

        page.waitForURL(hostOrigin("localhost") + "/done?outcome=failed");
        JsonNode message =
                JSON.readTree(page.locator("#received").textContent()).get(0);
        assertThat(message.get("event").asText()).isEqualTo("declined");
        assertThat(message.get("redirect_url").asText()).isEqualTo(hostOrigin("localhost") + "/done?outcome=failed");
        assertThat(status(id)).isEqualTo("DECLINED");
    }

    @Test
    void anOriginTheOrganisationDidNotAllowIsRefusedTheFrame() {
        Tenant tenant = newTenant();
        JsonNode created = embeddedEnvelope(tenant);
        Page page = open();
        // The same host server, reached as 127.0.0.1: another origin than the allowed localhost one.
        page.navigate(hostPage(hostOrigin("127.0.0.1"), frameSource(created)));
        page.waitForCondition(() -> console.stream().anyMatch(m -> m.contains("frame-ancestors")));

        assertThat(page.frameLocator("#signet").locator("#landing").count()).isZero();
        assertThat(page.frames()).noneMatch(f -> f.url().contains("/embedded/sign/") && f.isVisible("#landing"));
        assertThat(page.evaluate("() => localStorage.getItem('signet')")).isNull();
    }
}
