package dev.signet;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.CDPSession;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The browser of the browser tests: one headless Chromium (Debian's {@code /usr/bin/chromium}, driven
 * by Playwright, which downloads no browser) for the whole test JVM, a fresh context for each page a
 * test opens, closed after the test; and the checks every page state gets: axe-core for WCAG 2.0, 2.1
 * and 2.2 A and AA, and a screenshot under {@code target/screenshots}. A test class registers it as
 * {@code @RegisterExtension final Chromium chromium = new Chromium();}.
 *
 * <p>Playwright must be driven from the thread that started it: JUnit runs these tests one after the
 * other on its main thread, and the browser is closed when the whole run ends.
 */
public final class Chromium implements BeforeEachCallback, AfterEachCallback {

    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");
    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(Chromium.class);
    private static final String AXE = axeSource();

    private Browser browser;
    private final List<BrowserContext> contexts = new ArrayList<>();

    @Override
    public void beforeEach(ExtensionContext test) {
        browser = test.getRoot()
                .getStore(NAMESPACE)
                .getOrComputeIfAbsent(Launched.class, type -> new Launched(), Launched.class)
                .browser();
    }

    @Override
    public void afterEach(ExtensionContext test) {
        contexts.forEach(BrowserContext::close);
        contexts.clear();
    }

    /** A desktop, 1280×900. */
    public Page desktop() {
        return open(screen(1280, 900));
    }

    /** A phone: 390×844, touch, twice the pixels. */
    public Page phone() {
        return open(touch(390, 844));
    }

    /** A page in a context of its own, with these options; every wait gives up after 20 s unless set otherwise. */
    public Page open(Browser.NewContextOptions options) {
        BrowserContext context = browser.newContext(options);
        contexts.add(context);
        Page page = context.newPage();
        page.setDefaultTimeout(20_000);
        return page;
    }

    /** A screen of this size, in British English. */
    public static Browser.NewContextOptions screen(int width, int height) {
        return new Browser.NewContextOptions().setLocale("en-GB").setViewportSize(width, height);
    }

    /** A touch screen of this size (a phone or a tablet) with twice the pixels, in British English. */
    public static Browser.NewContextOptions touch(int width, int height) {
        return screen(width, height).setIsMobile(true).setHasTouch(true).setDeviceScaleFactor(2);
    }

    /**
     * One finger down at the first point, along the others, lifted at the last (while still moving, as
     * a finger usually is): touch events through the DevTools protocol, which Chromium turns into
     * pointer events and gestures as for a real screen. Playwright itself only taps.
     */
    public static void touchStroke(Page page, List<double[]> points) {
        CDPSession cdp = page.context().newCDPSession(page);
        try {
            touch(cdp, "touchStart", points.get(0));
            points.subList(1, points.size()).forEach(p -> touch(cdp, "touchMove", p));
            touch(cdp, "touchEnd", null);
        } finally {
            cdp.detach();
        }
    }

    private static void touch(CDPSession cdp, String type, double[] at) {
        JsonObject event = new JsonObject();
        event.addProperty("type", type);
        JsonArray points = new JsonArray();
        if (at != null) {
            JsonObject point = new JsonObject();
            point.addProperty("x", at[0]);
            point.addProperty("y", at[1]);
            points.add(point);
        }
        event.add("touchPoints", points);
        cdp.send("Input.dispatchTouchEvent", event);
    }

    /**
     * No violation of WCAG 2.0, 2.1 or 2.2 at level A or AA that axe-core (from its WebJar) finds on
     * the page as it is now. axe is put in through the DevTools protocol, so the page's
     * Content-Security-Policy stays as it is.
     */
    public static void axe(Page page, String state) {
        if (!(Boolean) page.evaluate("() => typeof axe !== 'undefined'")) {
            page.evaluate(AXE);
        }
        Object violations = page.evaluate("""
                async () => {
                  const result = await axe.run(document, { runOnly: { type: 'tag',
                      values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } });
                  return JSON.stringify(result.violations.map((v) => ({ rule: v.id, impact: v.impact,
                      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(' ') + ': ' + n.failureSummary) })));
                }""");
        assertThat((String) violations)
                .as("axe-core on %s (%s)", state, page.url())
                .isEqualTo("[]");
    }

    /** The whole page as {@code target/screenshots/<name>.png}. */
    public static void screenshot(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(SCREENSHOTS.resolve(name + ".png")));
    }

    /** A screenshot named so, then axe-core on the page as it is now. */
    public static void checked(Page page, String name) {
        screenshot(page, name);
        axe(page, name);
    }

    /** Playwright and its Chromium, launched once; JUnit closes them when the run ends. */
    private static final class Launched implements ExtensionContext.Store.CloseableResource {

        private final Playwright playwright = Playwright.create();
        private final Browser browser = playwright
                .chromium()
                .launch(new BrowserType.LaunchOptions()
                        .setExecutablePath(Paths.get("/usr/bin/chromium"))
                        .setHeadless(true)
                        .setArgs(List.of("--no-sandbox", "--disable-dev-shm-usage")));

        Browser browser() {
            return browser;
        }

        @Override
        public void close() {
            browser.close();
            playwright.close();
        }
    }

    /** axe-core's script, from the WebJar of the version on the class path. */
    private static String axeSource() {
        try (InputStream version =
                Chromium.class.getResourceAsStream("/META-INF/maven/org.webjars.npm/axe-core/pom.properties")) {
            if (version == null) {
                throw new IllegalStateException("axe-core's WebJar is not on the test class path");
            }
            Properties properties = new Properties();
            properties.load(version);
            try (InputStream script = Chromium.class.getResourceAsStream(
                    "/META-INF/resources/webjars/axe-core/" + properties.getProperty("version") + "/axe.min.js")) {
                return new String(script.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
