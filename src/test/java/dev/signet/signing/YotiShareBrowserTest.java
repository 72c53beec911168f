package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.signet.assurance.WithYoti;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Yoti auth as a person meets it on a desktop, in a real headless Chromium, against the emulation
 * of Yoti's share API (a live envelope: Yoti's own provider, through Yoti's SDK): the link leads to
 * the Yoti page (nothing started), the signer starts a share and sees a QR code drawn by Signet
 * (an SVG from its own origin) and the deep link; "the phone" shares another email and the page
 * says it was refused; they try again, share their own, and the page moves on to the documents by
 * itself. axe-core checks each state of the page.
 */
class YotiShareBrowserTest extends WithYoti {

    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");
    private static final String YARA = "yara.share.browser@example.com";
    private static final String AXE = axeSource();

    private static Playwright playwright;
    private static Browser browser;

    private BrowserContext context;

    @BeforeAll
    static void launch() {
        playwright = Playwright.create();
        browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(Paths.get("/usr/bin/chromium"))
                        .setHeadless(true)
                        .setArgs(List.of("--no-sandbox", "--disable-dev-shm-usage")));
    }

    @AfterAll
    static void close() {
        browser.close();
        playwright.close();
    }

    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    private Page desktop() {
        context = browser.newContext(
                new Browser.NewContextOptions().setLocale("en-GB").setViewportSize(1280, 900));
        context.addInitScript(AXE);
        Page page = context.newPage();
        page.setDefaultTimeout(20_000);
        return page;
    }

    @Test
    void aSignerSharesAnotherEmailIsRefusedThenSharesTheirOwnAndSeesTheDocuments() {
        Tenant tenant = newTenant();
        ObjectNode options = new Options("Lease with Yoti auth")
                .signer("Yara Share", YARA, 1)
                .json();
        ((ObjectNode) options.get("recipients").get(0))
                .put("auth_type", "sign-auth")
                .putArray("yoti_attributes")
                .add("full_name");
        UUID envelope = create(tenant.liveKey(), options.toString());
        runJobs(envelope);
        String token = invitationTo(envelope, YARA).token();

        Page page = desktop();
        page.navigate("http://127.0.0.1:" + port + "/sign/" + token);
        page.waitForURL("**/sign/" + token + "/yoti**");
        assertThat(page.locator("h1").textContent()).isEqualTo("Confirm your email with Yoti");
        assertThat(state(page)).isEqualTo("yoti-ready");
        assertThat(page.locator("#documents").count()).isZero();
        assertThat(page.locator("#yoti-attributes").textContent()).contains("full_name");
        assertThat(shares(envelope)).as("opening the page starts nothing").isZero();
        axe(page, "Yoti page before a share");
        shot(page, "ready");

        page.click("#yoti-start-button");
        page.locator("body[data-state=yoti-yoti]").waitFor();
        String uri = page.locator("#yoti-open").getAttribute("href");
        assertThat(uri).startsWith("https://code.yoti.com/emulated/");
        // The QR code is drawn by Signet and loads from its own origin (the page's CSP allows nothing else).
        page.waitForFunction(
                "() => { const i = document.getElementById('yoti-qr'); return i.complete && i.naturalWidth > 0; }");
        axe(page, "Yoti page with the QR code");
        shot(page, "qr");

        // The phone shares another Yoti account's email: the page, polling by itself, says it was refused.
        shareFromYotiApp(uri, "someone.else@example.com");
        page.locator("body[data-state=yoti-ready]").waitFor();
        assertThat(page.locator("#yoti-last").getAttribute("role")).isEqualTo("alert");
        assertThat(page.locator("#yoti-last").textContent()).contains("is not the address this invitation was sent to");
        assertThat(page.locator("#documents").count()).isZero();
        axe(page, "Yoti page after a refused share");
        shot(page, "refused");

        page.click("#yoti-start-button");
        page.locator("body[data-state=yoti-yoti]").waitFor();
        String second = page.locator("#yoti-open").getAttribute("href");
        assertThat(second).isNotEqualTo(uri);
        shareFromYotiApp(second, YARA.toUpperCase());

        // Shared their own: the page moves on to the documents.
        page.locator("#start").waitFor();
        assertThat(page.locator("h1").textContent()).isEqualTo("Lease with Yoti auth");
        shot(page, "documents");
        assertThat(yotiRequestsRefused()).isZero();
        assertThat(jdbc.sql("select checks_passed from recipient where envelope_id = ?")
                        .param(envelope)
                        .query(String.class)
                        .single())
                .contains("yoti-share (receipt ", "shared email_address full_name)");
    }

    private int shares(UUID envelope) {
        return jdbc.sql("select count(*) from yoti_share where envelope_id = ?")
                .param(envelope)
                .query(Integer.class)
                .single();
    }

    private static String state(Page page) {
        return page.locator("body").getAttribute("data-state");
    }

    private static void shot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions()
                .setFullPage(true)
                .setPath(SCREENSHOTS.resolve("yoti-" + name + "-desktop.png")));
    }

    private static String axeSource() {
        try (java.io.InputStream version = YotiShareBrowserTest.class.getResourceAsStream(
                "/META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
            java.util.Properties p = new java.util.Properties();
            p.load(version);
            try (java.io.InputStream script = YotiShareBrowserTest.class.getResourceAsStream(
                    "/META-INF/resources/webjars/axe-core/" + p.getProperty("version") + "/axe.min.js")) {
                return new String(script.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void axe(Page page, String state) {
        Object violations = page.evaluate("""
                async () => {
                  const result = await axe.run(document, { runOnly: { type: 'tag',
                      values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
                  return JSON.stringify(result.violations.map((v) => ({ rule: v.id, impact: v.impact,
                      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ': ' + n.failureSummary) })));
                }""");
        assertThat((String) violations).as("axe-core on the %s", state).isEqualTo("[]");
    }
}
