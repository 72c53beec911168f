package dev.signet.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.microsoft.playwright.Page;
import dev.signet.Chromium;
import dev.signet.SignetIntegrationTest;
import dev.signet.notification.OutboxDispatcher;
import dev.signet.notification.Smtp;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The portal in a real headless Chromium: an admin logs in, invites a sender; the sender sets a
 * password from the email GreenMail received, logs in and sees the organisation's envelopes. axe-core
 * (from its WebJar) checks every page on the way for WCAG 2.0/2.1/2.2 A and AA violations.
 */
class PortalBrowserTest extends SignetIntegrationTest {

    @RegisterExtension
    static GreenMailExtension mail = Smtp.server();

    private static final Pattern LINK = Pattern.compile("http://signet\\.test(/portal/password/[A-Za-z0-9_-]+)");

    @RegisterExtension
    final Chromium chromium = new Chromium();

    @Autowired
    PortalUsers users;

    @Autowired
    Passwords passwords;

    @Autowired
    LoginThrottle throttle;

    @Autowired
    OutboxDispatcher dispatcher;

    @BeforeEach
    void freshCounts() {
        throttle.clear();
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    @Test
    void anAdminInvitesASenderWhoSetsAPasswordAndSeesTheEnvelopes() throws Exception {
        Tenant tenant = newTenant();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String admin = "admin-" + tag + "@example.com";
        String adminPassword = "admin passphrase " + tag;
        users.create(tenant.organisationId(), admin, Role.ADMIN, passwords.hash(adminPassword));
        String envelopeName = "Lease of Flat " + tag;
        UUID envelope = create(
                tenant.liveKey(),
                new Options(envelopeName)
                        .signer("Alice Example", "alice-" + tag + "@example.com", 1)
                        .toString());
        runJobs(envelope);
        String organisationName =
                accounts.organisation(tenant.organisationId()).orElseThrow().name();

        Page page = chromium.open(Chromium.screen(1280, 900));
        page.navigate(base() + "/portal/envelopes");
        assertThat(page.url()).endsWith("/portal/login");
        Chromium.checked(page, "portal-login");
        PortalLogin.submit(page, admin, adminPassword);
        assertThat(page.locator("#organisation-name").textContent()).isEqualTo(organisationName);
        assertThat(page.locator("#envelopes").textContent())
                .contains(envelopeName)
                .contains("Active")
                .contains("0 of 1");
        Chromium.checked(page, "portal-envelopes");

        page.navigate(base() + "/portal/envelopes?lang=de");
        assertThat(page.locator("h1").textContent()).isEqualTo("Umschläge");
        Chromium.checked(page, "portal-envelopes-de");

        for (String section : List.of("send", "templates")) {
            page.navigate(base() + "/portal/" + section);
            Chromium.checked(page, "portal-" + section);
        }

        page.navigate(base() + "/portal/account");
        Chromium.checked(page, "portal-account");
        page.locator("form[action$='/totp/start'] button").click();
        page.waitForSelector("#totp-secret");
        assertThat(page.locator("#totp-uri").textContent()).startsWith("otpauth://totp/");
        Chromium.checked(page, "portal-account-enrol");

        page.navigate(base() + "/portal/organisation");
        Chromium.checked(page, "portal-organisation");
        String sender = "sender-" + tag + "@example.com";
        page.locator("#invite-email").fill(sender);
        page.locator("#invite-role").selectOption("sender");
        page.locator("#invite button[type=submit]").click();
        page.waitForSelector("#notice");
        assertThat(page.locator("#notice").textContent()).contains(sender);
        assertThat(page.locator("#users").textContent()).contains(sender).contains("invited");
        Chromium.checked(page, "portal-organisation-invited");

        // The invitation reaches the SMTP server; its link sets the password once.
        dispatcher.dispatchDue();
        List<MimeMessage> received = Smtp.receivedBy(mail, sender);
        assertThat(received).hasSize(1);
        String text = Smtp.part(received.get(0), "text/plain").orElseThrow();
        Matcher link = LINK.matcher(text);
        assertThat(link.find()).as(text).isTrue();

        Page invitee = chromium.open(Chromium.screen(800, 1000));
        invitee.navigate(base() + link.group(1));
        Chromium.checked(invitee, "portal-password");
        invitee.locator("#password").fill("sender passphrase " + tag);
        invitee.locator("#confirmation").fill("sender passphrase " + tag);
        invitee.locator("form button[type=submit]").click();
        invitee.waitForURL("**/portal/login?passwordSet");
        Chromium.checked(invitee, "portal-login-password-set");
        PortalLogin.submit(invitee, sender, "sender passphrase " + tag);
        assertThat(invitee.locator("#envelopes").textContent()).contains(envelopeName);
        assertThat(invitee.locator("nav.sections").textContent())
                .contains("Send")
                .doesNotContain("Organisation");
        Chromium.checked(invitee, "portal-envelopes-sender");

        // The organisation page is not the sender's: the denied page says so.
        invitee.navigate(base() + "/portal/organisation");
        assertThat(invitee.locator("#denied").isVisible()).isTrue();
        Chromium.checked(invitee, "portal-denied");

        invitee.navigate(base() + link.group(1));
        assertThat(invitee.locator("#closed").isVisible())
                .as("the link worked once")
                .isTrue();
        Chromium.checked(invitee, "portal-password-used");
    }

    @Test
    void anAdminCreatesAKeyUsesItOnTheApiAndRevokesIt() {
        Tenant tenant = newTenant();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String admin = "keys-" + tag + "@example.com";
        String password = "admin passphrase " + tag;
        users.create(tenant.organisationId(), admin, Role.ADMIN, passwords.hash(password));

        Page page = PortalLogin.logIn(chromium.open(Chromium.screen(1024, 800)), base(), admin, password);
        page.navigate(base() + "/portal/organisation/keys");
        Chromium.checked(page, "portal-keys");

        String name = "Integration " + tag;
        page.getByLabel("Name", new Page.GetByLabelOptions().setExact(true)).fill(name);
        page.getByLabel("Live", new Page.GetByLabelOptions().setExact(true)).check();
        page.getByRole(
                        com.microsoft.playwright.options.AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Create the key"))
                .click();
        page.waitForSelector("#new-key");
        String key = page.locator("#new-key").textContent().strip();
        assertThat(key).startsWith("sk_live_");
        Chromium.checked(page, "portal-keys-created");

        assertThat(api.get("/v2/embedding", key).status()).isEqualTo(200);

        page.navigate(base() + "/portal/organisation/keys");
        assertThat(page.content()).doesNotContain(key);
        page.getByRole(
                        com.microsoft.playwright.options.AriaRole.BUTTON,
                        new Page.GetByRoleOptions()
                                .setName("Revoke the key " + name)
                                .setExact(true))
                .click();
        page.waitForSelector("#notice");
        assertThat(page.locator("#notice").textContent()).contains("revoked");
        assertThat(page.locator("#keys").textContent()).doesNotContain(name);
        Chromium.checked(page, "portal-keys-revoked");
        assertThat(api.get("/v2/embedding", key).status()).as("refused at once").isEqualTo(401);

        page.navigate(base() + "/portal/organisation/branding");
        Chromium.checked(page, "portal-branding");
        page.getByLabel("Primary colour").fill("red;}");
        page.getByRole(
                        com.microsoft.playwright.options.AriaRole.BUTTON,
                        new Page.GetByRoleOptions().setName("Save").setExact(true))
                .click();
        page.waitForSelector("#problems");
        Chromium.checked(page, "portal-branding-problems");
    }

    @Test
    void theForgotPasswordPageOnAPhone() {
        Page page = chromium.open(Chromium.screen(360, 740));
        page.navigate(base() + "/portal/forgot");
        Chromium.checked(page, "portal-forgot-phone");
        page.locator("#email").fill("nobody-" + UUID.randomUUID() + "@example.com");
        page.locator("form.card button[type=submit]").click();
        page.waitForSelector("#sent");
        Chromium.checked(page, "portal-forgot-sent-phone");
    }
}
