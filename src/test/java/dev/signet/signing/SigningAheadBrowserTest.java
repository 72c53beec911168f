package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import dev.signet.SignetIntegrationTest;
import java.nio.file.Paths;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What the viewer needs is fetched while the signer reads the landing page (README, *Signing pages*):
 * only after the page's {@code load}, only where the signer may see the documents, never run before
 * the tap, and used by the viewer instead of being fetched again.
 */
class SigningAheadBrowserTest extends SignetIntegrationTest {

    private static Playwright playwright;
    private static Browser browser;

    private BrowserContext context;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    /** Each resource the page fetched, as the page's own Resource Timing saw it, in ms from navigation. */
    private static final String RESOURCES = """
            () => performance.getEntriesByType('resource').map((e) => ({
              name: e.name, start: e.startTime, end: e.responseEnd, transfer: e.transferSize }))""";

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

    private Page phone(String initScript) {
        context = browser.newContext(new Browser.NewContextOptions()
                .setLocale("en-GB")
                .setViewportSize(390, 844)
                .setIsMobile(true)
                .setHasTouch(true)
                .setDeviceScaleFactor(2));
        if (initScript != null) {
            context.addInitScript(initScript);
        }
        context.onRequest(r -> requests.add(r.url()));
        Page page = context.newPage();
        page.setDefaultTimeout(20_000);
        return page;
    }

    private String link(String email) {
        UUID id = create(
                newTenant().sandboxKey(),
                new Options("Fetched ahead").signer("Ada Ahead", email, 1).toString());
        runJobs(id);
        return "http://127.0.0.1:" + port + "/sign/" + invitationTo(id, email).token();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> resources(Page page, String part) {
        return ((List<Map<String, Object>>) page.evaluate(RESOURCES))
                .stream().filter(r -> ((String) r.get("name")).contains(part)).toList();
    }

    private static double number(Map<String, Object> entry, String key) {
        return ((Number) entry.get(key)).doubleValue();
    }

    /** Longer than the page waits for the browser to be idle (2 s at most) after its load. */
    private static void waitPastIdle(Page page) {
        page.waitForTimeout(3_000);
    }

    @Test
    void theViewerIsFetchedAfterTheLandingPageLoadsWithoutRunningAndIsNotFetchedAgain() {
        Page page = phone(null);
        String link = link("ahead@example.com");
        String token = link.substring(link.lastIndexOf('/') + 1);
        page.navigate(link);
        page.waitForFunction("""
                () => ['pdf.min.mjs', 'pdf.worker.min.mjs', '/documents/', '/pages/1'].every((part) =>
                  performance.getEntriesByType('resource').some((e) => e.name.includes(part) && e.responseEnd > 0))""");

        double loaded = ((Number) page.evaluate("() => performance.getEntriesByType('navigation')[0].loadEventEnd"))
                .doubleValue();
        assertThat(loaded).isPositive();
        for (String part : List.of("/pdfjs-dist/", "/v2/signing/")) {
            assertThat(resources(page, part))
                    .as("%s is asked for only after the landing page's load", part)
                    .isNotEmpty()
                    .allSatisfy(r -> assertThat(number(r, "start")).isGreaterThanOrEqualTo(loaded));
        }
        assertThat(page.evaluate("() => typeof globalThis.pdfjsLib"))
                .as("pdf.js fetched, never run, before the tap")
                .isEqualTo("undefined");
        assertThat(page.locator("#landing").isVisible()).isTrue();

        page.tap("#start");
        page.locator("#signing[data-ready]").waitFor();
        assertThat(page.evaluate("() => typeof globalThis.pdfjsLib")).isEqualTo("object");
        assertThat(resources(page, "/v2/signing/" + token + "/documents/").stream()
                        .filter(r -> !((String) r.get("name")).contains("/pages/")))
                .as("the document fetched ahead is the one drawn")
                .hasSize(1);
        assertThat(resources(page, "/pages/1?width="))
                .as("page 1's image fetched ahead is the one shown")
                .hasSize(1);
        assertThat(resources(page, "/v2/signing/" + token).stream()
                        .filter(r -> ((String) r.get("name")).endsWith(token)))
                .as("the view fetched ahead is the one used")
                .hasSize(1);
        List<Map<String, Object>> library = resources(page, "pdf.min.mjs");
        assertThat(library)
                .as("pdf.js, imported after the tap from what was fetched ahead")
                .hasSizeGreaterThanOrEqualTo(1)
                .last()
                .satisfies(r -> assertThat(number(r, "transfer")).isZero());
        assertThat(requests.stream().filter(u -> u.contains("/documents/") && !u.contains("/pages/")))
                .hasSize(1);
        assertThat(requests.stream().filter(u -> u.contains("/pages/"))).hasSize(1);
    }

    @Test
    void nothingIsFetchedAheadWhenTheBrowserAsksToSaveData() {
        Page page = phone("Object.defineProperty(navigator, 'connection', { value: { saveData: true } });");
        page.navigate(link("save-data@example.com"));
        waitPastIdle(page);
        assertThat(requests).noneMatch(u -> u.contains("/pdfjs-dist/") || u.contains("/v2/signing/"));

        page.tap("#start");
        page.locator("#signing[data-ready]").waitFor();
        assertThat(requests).anyMatch(u -> u.contains("/documents/")).anyMatch(u -> u.contains("pdf.min.mjs"));
    }

    @Test
    void aLinkThatIsNotValidFetchesNothingAhead() {
        Page page = phone(null);
        page.navigate("http://127.0.0.1:" + port + "/sign/not-a-valid-token-at-all-000");
        assertThat(page.locator("h1").textContent()).isEqualTo("This link is not valid");
        waitPastIdle(page);
        assertThat(requests).isNotEmpty().noneMatch(u -> u.contains("/pdfjs-dist/") || u.contains("/v2/signing/"));
    }
}
