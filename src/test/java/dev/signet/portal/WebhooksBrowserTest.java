package dev.signet.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import dev.signet.Chromium;
import dev.signet.SignetIntegrationTest;
import dev.signet.notification.webhook.StandardWebhooksReceiver;
import dev.signet.notification.webhook.WebhookDispatcher;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The webhook pages in a real headless Chromium at desktop size: an admin adds an endpoint that
 * points at a receiver written from the Standard Webhooks specification (on 127.0.0.1, which the
 * test profile's operator trusts by name; the portal gets no exception of its own), copies the
 * secret shown once, sends a test event, sees it delivered in the log and replays it. axe-core checks
 * every state for WCAG 2.0, 2.1 and 2.2 A and AA violations.
 */
class WebhooksBrowserTest extends SignetIntegrationTest {

    @RegisterExtension
    final Chromium chromium = new Chromium();

    @Autowired
    PortalUsers users;

    @Autowired
    Passwords passwords;

    @Autowired
    LoginThrottle throttle;

    @Autowired
    WebhookDispatcher dispatcher;

    private StandardWebhooksReceiver receiver;

    @AfterEach
    void closeReceiver() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Sends what is due now, as the poller would (the test profile leaves it off). */
    private void deliver() {
        for (int round = 0; round < 20 && dispatcher.dispatchDue() > 0; round++) {
            // next round
        }
    }

    @Test
    void anAdminAddsAnEndpointSendsATestEventSeesItDeliveredAndReplaysIt() throws Exception {
        throttle.clear();
        receiver = new StandardWebhooksReceiver();
        Tenant tenant = newTenant();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String admin = "hooks-" + tag + "@example.com";
        String password = "admin passphrase " + tag;
        users.create(tenant.organisationId(), admin, Role.ADMIN, passwords.hash(password));

        Page page = PortalLogin.logIn(chromium.desktop(), base(), admin, password);

        page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Webhooks"))
                .click();
        page.waitForURL("**/portal/webhooks");
        assertThat(page.locator("#no-endpoints").isVisible()).isTrue();
        Chromium.checked(page, "webhooks-empty");

        // The API's rule, in the portal's words: an address the operator does not trust is refused.
        page.getByLabel("URL").fill("http://10.0.0.7/hook");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add the endpoint"))
                .click();
        page.waitForSelector("#problems");
        assertThat(page.locator("#problems").textContent()).contains("must be an https URL");
        Chromium.checked(page, "webhooks-refused");

        String url = receiver.url("/signet/" + tag);
        page.getByLabel("URL").fill(url);
        page.getByLabel("Description").fill("Order system " + tag);
        page.getByLabel("envelope_completion").check();
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add the endpoint"))
                .click();
        page.waitForSelector("#secret");
        String secret = page.locator("#secret").textContent().strip();
        assertThat(secret).startsWith("whsec_");
        assertThat(page.locator("#endpoint-url").textContent()).isEqualTo(url);
        assertThat(page.locator("#no-messages").isVisible()).isTrue();
        Chromium.checked(page, "webhook-created");
        receiver.knowSecrets(secret);

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send a test event"))
                .click();
        page.waitForSelector("#notice");
        assertThat(page.locator("#notice").textContent()).contains("test event is queued");
        assertThat(page.content()).as("the secret was shown once").doesNotContain(secret);
        assertThat(page.locator("#messages").textContent())
                .contains("webhook_test")
                .contains("waiting");
        Chromium.checked(page, "webhook-test-queued");

        deliver();
        assertThat(receiver.accepted()).hasSize(1);
        StandardWebhooksReceiver.Delivery test = receiver.accepted().get(0);
        assertThat(test.event()).isEqualTo("webhook_test");
        page.reload();
        String log = page.locator("#messages tbody tr").first().textContent();
        assertThat(log).contains("webhook_test").contains("delivered").contains("204");
        assertThat(page.locator("#details").textContent()).doesNotContain("never");
        Chromium.checked(page, "webhook-test-delivered");

        page.getByRole(
                        AriaRole.BUTTON,
                        new Page.GetByRoleOptions()
                                .setName("Replay webhook_test")
                                .setExact(false))
                .first()
                .click();
        page.waitForSelector("#notice");
        assertThat(page.locator("#notice").textContent()).contains("queued again");
        Chromium.checked(page, "webhook-replay-queued");
        deliver();
        assertThat(receiver.accepted()).hasSize(2);
        assertThat(receiver.accepted().get(1).id())
                .as("a replay keeps its webhook-id")
                .isEqualTo(test.id());
        assertThat(receiver.refusals()).isEmpty();
        page.reload();
        assertThat(page.locator("#messages tbody tr").count()).isEqualTo(2);
        assertThat(page.locator("#messages tbody tr").first().textContent())
                .contains("delivered")
                .contains("204");
        Chromium.checked(page, "webhook-replayed");

        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Disable"))
                .click();
        page.waitForSelector("#notice");
        assertThat(page.locator("#endpoint-state").textContent()).contains("disabled");
        Chromium.checked(page, "webhook-disabled");

        page.navigate(base() + "/portal/webhooks?mode=live&lang=de");
        assertThat(page.locator("#endpoints").textContent())
                .contains("Order system " + tag)
                .contains("deaktiviert");
        Chromium.checked(page, "webhooks-de");
    }
}
