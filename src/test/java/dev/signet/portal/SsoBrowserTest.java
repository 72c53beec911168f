package dev.signet.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.signet.Chromium;
import dev.signet.SignetIntegrationTest;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Single sign-on in a real headless Chromium on a desktop viewport: an admin sets up the
 * organisation's provider on its page, then a sender signs in through {@link OidcProviderEmulation}
 * and lands on the envelopes; a refused sign-on shows its page. axe-core checks every new page state
 * for WCAG 2.0/2.1/2.2 A and AA violations.
 */
class SsoBrowserTest extends SignetIntegrationTest {

    private static final String PASSWORD = "admin passphrase for sso";

    private static OidcProviderEmulation provider;

    @RegisterExtension
    final Chromium chromium = new Chromium();

    @Autowired
    PortalUsers users;

    @Autowired
    Passwords passwords;

    @Autowired
    LoginThrottle throttle;

    @BeforeAll
    static void startProvider() {
        provider = OidcProviderEmulation.start();
    }

    @AfterAll
    static void stopProvider() {
        provider.close();
    }

    @BeforeEach
    void freshCounts() {
        throttle.clear();
        provider.fault(OidcProviderEmulation.Fault.NONE);
    }

    private String base() {
        return "http://127.0.0.1:" + port;
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

        Page page = PortalLogin.logIn(chromium.desktop(), base(), admin, PASSWORD);
        page.navigate(base() + "/portal/organisation");
        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Single sign-on"))
                .click();
        page.waitForURL("**/portal/organisation/sso");
        Chromium.checked(page, "portal-sso-settings");

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
        Chromium.checked(page, "portal-sso-settings-saved");

        page.getByLabel("Client ID").fill("");
        page.locator("#sso-client-id").evaluate("e => e.removeAttribute('required')");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save single sign-on"))
                .click();
        page.waitForSelector("#problems");
        Chromium.checked(page, "portal-sso-settings-problems");

        provider.signInAs(sender, true);
        Page signIn = chromium.desktop();
        signIn.navigate(base() + "/portal/login");
        Chromium.checked(signIn, "portal-login-with-sso-link");
        signIn.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Log in with single sign-on"))
                .click();
        signIn.waitForURL("**/portal/sso");
        Chromium.checked(signIn, "portal-sso-find");
        signIn.getByLabel("Work email address").fill(sender);
        signIn.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Continue"))
                .click();
        signIn.waitForURL("**/portal/sso/" + tenant.organisationId());
        Chromium.checked(signIn, "portal-sso-organisation");
        signIn.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in with Emulated IdP"))
                .click();
        signIn.waitForURL("**/portal/envelopes");
        assertThat(signIn.locator(".who").textContent()).contains(sender);
        assertThat(signIn.locator("nav.sections").textContent()).contains("Send");
        Chromium.checked(signIn, "portal-envelopes-after-sso");

        // The sender has no password, and password login is off for senders anyway; a faulty answer is refused.
        provider.fault(OidcProviderEmulation.Fault.WRONG_AUDIENCE);
        Page refused = chromium.desktop();
        refused.navigate(base() + "/portal/sso/" + tenant.organisationId());
        refused.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Sign in with Emulated IdP"))
                .click();
        refused.waitForSelector("#sso-refused");
        assertThat(refused.locator("#sso-refused").getAttribute("data-reason")).isEqualTo("AUDIENCE");
        assertThat(refused.locator("main").textContent()).contains("another application");
        Chromium.checked(refused, "portal-sso-refused");
        refused.navigate(base() + "/portal/envelopes");
        assertThat(refused.url()).endsWith("/portal/login");
    }
}
