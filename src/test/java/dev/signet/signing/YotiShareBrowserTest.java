package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;
import dev.signet.Chromium;
import dev.signet.assurance.WithYoti;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Yoti auth as a person meets it on a desktop, in a real headless Chromium, against the emulation
 * of Yoti's share API (a live envelope: Yoti's own provider, through Yoti's SDK): the link leads to
 * the Yoti page (nothing started), the signer starts a share and sees a QR code drawn by Signet
 * (an SVG from its own origin) and the deep link; "the phone" shares another email and the page
 * says it was refused; they try again, share their own, and the page moves on to the documents by
 * itself. axe-core checks each state of the page.
 */
class YotiShareBrowserTest extends WithYoti {

    private static final String YARA = "yara.share.browser@example.com";

    @RegisterExtension
    final Chromium chromium = new Chromium();

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

        Page page = chromium.desktop();
        page.navigate("http://127.0.0.1:" + port + "/sign/" + token);
        page.waitForURL("**/sign/" + token + "/yoti**");
        assertThat(page.locator("h1").textContent()).isEqualTo("Confirm your email with Yoti");
        assertThat(state(page)).isEqualTo("yoti-ready");
        assertThat(page.locator("#documents").count()).isZero();
        assertThat(page.locator("#yoti-attributes").textContent()).contains("full_name");
        assertThat(shares(envelope)).as("opening the page starts nothing").isZero();
        Chromium.axe(page, "Yoti page before a share");
        shot(page, "ready");

        page.click("#yoti-start-button");
        page.locator("body[data-state=yoti-yoti]").waitFor();
        String uri = page.locator("#yoti-open").getAttribute("href");
        assertThat(uri).startsWith("https://code.yoti.com/emulated/");
        // The QR code is drawn by Signet and loads from its own origin (the page's CSP allows nothing else).
        page.waitForFunction(
                "() => { const i = document.getElementById('yoti-qr'); return i.complete && i.naturalWidth > 0; }");
        Chromium.axe(page, "Yoti page with the QR code");
        shot(page, "qr");

        // The phone shares another Yoti account's email: the page, polling by itself, says it was refused.
        shareFromYotiApp(uri, "someone.else@example.com");
        page.locator("body[data-state=yoti-ready]").waitFor();
        assertThat(page.locator("#yoti-last").getAttribute("role")).isEqualTo("alert");
        assertThat(page.locator("#yoti-last").textContent()).contains("is not the address this invitation was sent to");
        assertThat(page.locator("#documents").count()).isZero();
        Chromium.axe(page, "Yoti page after a refused share");
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
        Chromium.screenshot(page, "yoti-" + name + "-desktop");
    }
}
