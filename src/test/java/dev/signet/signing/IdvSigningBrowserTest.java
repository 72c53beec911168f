package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Page;
import dev.signet.Chromium;
import dev.signet.SignetIntegrationTest;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Identity verification as a person meets it, in a real headless Chromium on a phone-sized screen,
 * with the sandbox provider: the invitation's link (from the outbox: a sandbox envelope) leads to the identity page (nothing started
 * yet), the signer starts a check, the check finds a name mismatch (deadend_errors: blocked), they
 * are told so and try again, the approval opens the documents, they sign and the envelope
 * completes. axe-core checks each state of the identity page. Same Spring context as the other
 * full-service tests.
 */
class IdvSigningBrowserTest extends SignetIntegrationTest {

    private static final Pattern LINK = Pattern.compile("http://signet\\.test/sign/([A-Za-z0-9_-]+)");
    private static final String IVY = "ivy.idv.browser@example.com";

    @RegisterExtension
    final Chromium chromium = new Chromium();

    private static void shot(Page page, String name) {
        Chromium.screenshot(page, "idv-" + name + "-phone");
    }

    private static String state(Page page) {
        return page.locator("body").getAttribute("data-state");
    }

    @Test
    void aSignerFailsTheCheckOnAPhoneIsToldTriesAgainIsApprovedAndSigns() {
        Tenant tenant = newTenant();
        ObjectNode options = new Options("Lease with an identity check")
                .signer("Ivy Idv", IVY, 1)
                .json();
        ObjectNode idv = ((ObjectNode) options.get("recipients").get(0))
                .put("auth_type", "idv")
                .putObject("verification")
                .putObject("idv")
                .put("session_config_name", "Real Estate")
                .put("session_limit", 3);
        idv.putArray("blocks_signing").add("deadend_errors");
        UUID envelope = create(tenant.sandboxKey(), options.toString());
        runJobs(envelope);

        // A sandbox envelope's messages stay in the outbox (the sandbox provider serves sandbox only):
        // the link is the one the invitation carries.
        Message invitation = invitationTo(envelope, IVY);
        Matcher link = LINK.matcher(invitation.text());
        assertThat(link.find()).as(invitation.text()).isTrue();
        String token = link.group(1);
        assertThat(token).isEqualTo(invitation.token());
        Page page = chromium.phone();
        page.navigate("http://127.0.0.1:" + port + "/sign/" + token);

        // The link leads to the identity page, which has started nothing yet.
        page.waitForURL("**/sign/" + token + "/idv**");
        assertThat(page.locator("h1").textContent()).isEqualTo("Verify your identity");
        assertThat(state(page)).isEqualTo("idv-ready");
        assertThat(page.locator("#documents").count()).isZero();
        assertThat(page.locator("#idv-start-button").boundingBox().height).isGreaterThanOrEqualTo(44);
        assertThat(sessions(envelope)).isZero();
        Chromium.axe(page, "identity page before a check");
        shot(page, "ready");

        page.click("#idv-start-button");
        page.locator("body[data-state=idv-sandbox]").waitFor();
        assertThat(sessions(envelope)).isEqualTo(1);
        Chromium.axe(page, "sandbox provider's choice");
        shot(page, "sandbox");

        // The check finds another name: the signer is told, and may try again.
        page.click("button[value=NAME_MISMATCH]");
        page.locator("body[data-state=idv-checking]").waitFor();
        assertThat(page.locator("#idv-checking").textContent()).contains("checking your result");
        Chromium.axe(page, "identity page while checking");
        assertThat(page.locator("#idv-check-again").getAttribute("href")).contains("/sign/" + token + "/idv");
        runJobs(envelope);
        // The page looks again by itself (no <meta> refresh: axe above) and shows the result.
        page.locator("body[data-state=idv-ready]").waitFor();
        assertThat(page.locator("#idv-last").getAttribute("role")).isEqualTo("alert");
        assertThat(page.locator("#idv-last").textContent())
                .isEqualTo("The name on your document is not the name the sender gave. Try again, or ask the sender"
                        + " to correct your name.");
        assertThat(page.locator("#idv-start").textContent()).contains("You may try once more after this");
        assertThat(page.locator("#documents").count()).isZero();
        Chromium.axe(page, "identity page after a mismatch");
        shot(page, "mismatch");

        page.click("#idv-start-button");
        page.locator("body[data-state=idv-sandbox]").waitFor();
        page.click("button[value=APPROVE]");
        page.waitForLoadState();
        runJobs(envelope);

        // Approved: the documents, then the signature.
        shot(page, "approved");
        page.locator("#start").waitFor();
        assertThat(page.locator("h1").textContent()).isEqualTo("Lease with an identity check");
        page.click("#start");
        page.locator(".page canvas").first().waitFor();
        // On a phone the guide takes the signer through the fields: here one signature, then Finish.
        page.locator("#guide").waitFor();
        page.click("#guide-edit");
        page.check("input[name=sign-mode][value=type]");
        page.fill("#sign-text", "Ivy Idv");
        page.click("#field-apply");
        page.click("#guide-next");
        page.locator("#confirm").waitFor();
        page.click("#submit");
        // The address already ends in ?lang=en: wait for the page itself.
        page.locator("h1", new com.microsoft.playwright.Page.LocatorOptions().setHasText("Thank you"))
                .waitFor();
        assertThat(page.locator("h1").textContent()).isEqualTo("Thank you");

        runJobs(envelope);
        assertThat(api.get("/v2/envelopes/" + envelope + "/status", tenant.sandboxKey())
                        .json()
                        .get("status")
                        .asText())
                .isIn("COMPLETE", "COMPLETED");
        assertThat(jdbc.sql("select type from audit_event where envelope_id = ? and type like 'idv_%' order by seq")
                        .param(envelope)
                        .query(String.class)
                        .list())
                .containsSubsequence("idv_session_started", "idv_failed", "idv_session_started", "idv_passed");
    }

    private int sessions(UUID envelope) {
        return jdbc.sql("select count(*) from idv_session where envelope_id = ?")
                .param(envelope)
                .query(Integer.class)
                .single();
    }
}
