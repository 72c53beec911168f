package dev.signet.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.options.AriaRole;
import dev.signet.SignetIntegrationTest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Single sign-on in a real headless Chromium on a desktop viewport: an admin sets up the
 * organisation's provider on its page, then a sender signs in through {@link OidcProviderEmulation}
 * and lands on the envelopes; a refused sign-on shows its page. axe-core checks every new page state
 * for WCAG 2.0/2.1/2.2 A and AA violations.
 */
class SsoBrowserTest extends SignetIntegrationTest {

    private static final Path SCREENSHOTS = Paths.get("target", "screenshots");
    private static final String AXE = axeSource();
    private static final String PASSWORD = "admin passphrase for sso";

    private static Playwright playwright;
    private static Browser browser;
    private static OidcProviderEmulation provider;

    @Autowired
    PortalUsers users;

    @Autowired
    Passwords passwords;

    @Autowired
    LoginThrottle throttle;

    private BrowserContext context;

    @BeforeAll
    static void launch() {
        provider = OidcProviderEmulation.start();
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
        provider.close();
    }

    @BeforeEach
    void freshCounts() {
        throttle.clear();
        provider.fault(OidcProviderEmulation.Fault.NONE);
    }

    @AfterEach
    void closeContext() {
        if (context != null) {
            context.close();
        }
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private Page open() {
        if (context != null) {
            context.close();
        }
        context = browser.newContext(
                new Browser.NewContextOptions().setLocale("en-GB").setViewportSize(1280, 900));
        Page page = context.newPage();
        page.setDefaultTimeout(20_000);
        return page;
    }

    @Test
    void anAdminSetsUpSsoAndASenderSignsInThroughTheProvider() {
        Tenant tenant = newTenant();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String domain = "browser-" + tag + ".example";
        String admin = "admin@" + domain;
        String sender = "sender@" + domain;
        users.create(tenant.organisationId(), admin, Role.ADMIN, passwords.hash(PASSWORD));
        users.create(tenant.organisationId(), sender, Role.SENDER, null);
        String clientId = "browser-" + tag;
        provider.register(clientId, "browser client secret");

        Page page = open();
        page.navigate(base() + "/portal/login");
        page.locator("#email").fill(admin);
        page.locator("#password").fill(PASSWORD);
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Log in"))
                .click();
        page.waitForURL("**/portal/envelopes");
        page.navigate(base() + "/portal/organisation");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Single sign-on"))
                .click();
        page.waitForURL("**/portal/organisation/sso");
        checked(page, "portal-sso-settings");

        page.getByLabel("Issuer URL").fill(provider.issuer);
        page.getByLabel("Name on the sign-in button").fill("Emulated IdP");
        page.getByLabel("Client ID").fill(clientId);
        page.getByLabel("Client secret").fill("browser client secret");
        page.getByLabel("Email domains").fill(domain);
        page.getByLabel("Senders and viewers may still log in with a password").uncheck();
        page.getByLabel("Refuse it").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save single sign-on"))
                .click();
        page.waitForSelector("#notice");
        assertThat(page.locator("#sso-state").textContent()).contains("is on");
        assertThat(page.locator("#sso-login-url").textContent()).endsWith("/portal/sso/" + tenant.organisationId());
        checked(page, "portal-sso-settings-saved");

        page.getByLabel("Client ID").fill("");
        page.locator("#sso-client-id").evaluate("e => e.removeAttribute('required')");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save single sign-on"))
                .click();
        page.waitForSelector("#problems");
        checked(page, "portal-sso-settings-problems");

        provider.signInAs(sender, true);
        Page signIn = open();
        signIn.navigate(base() + "/portal/login");
        checked(signIn, "portal-login-with-sso-link");
        signIn.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Log in with single sign-on"))
                .click();
        signIn.waitForURL("**/portal/sso");
        checked(signIn, "portal-sso-find");
        signIn.getByLabel("Work email address").fill(sender);
        signIn.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))
                .click();
        signIn.waitForURL("**/portal/sso/" + tenant.organisationId());
        checked(signIn, "portal-sso-organisation");
        signIn.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in with Emulated IdP"))
                .click();
        signIn.waitForURL("**/portal/envelopes");
        assertThat(signIn.locator(".who").textContent()).contains(sender);
        assertThat(signIn.locator("nav.sections").textContent()).contains("Send");
        checked(signIn, "portal-envelopes-after-sso");

        // The sender has no password, and password login is off for senders anyway; a faulty answer is refused.
        provider.fault(OidcProviderEmulation.Fault.WRONG_AUDIENCE);
        Page refused = open();
        refused.navigate(base() + "/portal/sso/" + tenant.organisationId());
        refused.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in with Emulated IdP"))
                .click();
        refused.waitForSelector("#sso-refused");
        assertThat(refused.locator("#sso-refused").getAttribute("data-reason")).isEqualTo("AUDIENCE");
        assertThat(refused.locator("main").textContent()).contains("another application");
        checked(refused, "portal-sso-refused");
        refused.navigate(base() + "/portal/envelopes");
        assertThat(refused.url()).endsWith("/portal/login");
    }

    /** axe-core on the page as it is now: no violation of WCAG 2.0, 2.1 or 2.2 at level A or AA. A screenshot too. */
    @SuppressWarnings("unchecked")
    private static void checked(Page page, String name) {
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true).setPath(SCREENSHOTS.resolve(name + ".png")));
        page.evaluate(AXE);
        List<String> violations = (List<String>) page.evaluate("""
                async () => {
                  const result = await axe.run(document, {runOnly: {type: 'tag',
                      values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}});
                  return result.violations.map(v => v.id + ' (' + v.impact + '): '
                      + v.nodes.map(n => n.target.join(' ')).join(', '));
                }""");
        assertThat(violations).as("axe-core on %s (%s)", name, page.url()).isEmpty();
    }

    private static String axeSource() {
        try (InputStream in =
                SsoBrowserTest.class.getResourceAsStream("/META-INF/resources/webjars/axe-core/4.6.3/axe.min.js")) {
            if (in == null) {
                throw new IllegalStateException("axe-core's WebJar is not on the test class path");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
