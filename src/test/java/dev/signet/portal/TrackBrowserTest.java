package dev.signet.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import dev.signet.Chromium;
import dev.signet.SignetIntegrationTest;
import dev.signet.account.Mode;
import dev.signet.signature.Pki;
import dev.signet.signature.Poppler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Track in a real headless Chromium, on a desktop (1280) and a tablet (820): an envelope created
 * through the API is watched on its page while its two signers sign through the API; without a
 * reload the diagram moves from the first signer's Sign task to the second's, then to "Envelope
 * complete", and the status says Complete. The pack downloads and its PDF's signatures are valid
 * for pdfsig; the same PDF checked on the portal's verify page is reported valid. axe-core checks
 * every new page state for WCAG 2.x A and AA violations.
 */
class TrackBrowserTest extends SignetIntegrationTest {

    @RegisterExtension
    final Chromium chromium = new Chromium();

    @Autowired
    PortalUsers users;

    @Autowired
    Passwords passwords;

    @Autowired
    LoginThrottle throttle;

    @Autowired
    Pki pki;

    @BeforeEach
    void freshCounts() {
        throttle.clear();
    }

    @ParameterizedTest(name = "{0} px wide")
    @ValueSource(ints = {1280, 820})
    void theEnvelopePageFollowsTheSignersLiveAndThePackValidates(int width) throws Exception {
        Tenant tenant = newTenant();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String sender = "sender-" + tag + "@example.com";
        String password = "sender passphrase " + tag;
        users.create(tenant.organisationId(), sender, Role.SENDER, passwords.hash(password));
        String first = "ada-" + tag + "@example.com";
        String second = "bo-" + tag + "@example.com";
        String name = "Tenancy " + tag;
        UUID id = create(
                tenant.liveKey(),
                new Options(name)
                        .signer("Ada First", first, 1)
                        .signer("Bo Second", second, 2)
                        .toString());
        runJobs(id);
        String shot = "track-" + width;

        Page page = PortalLogin.logIn(
                chromium.open(Chromium.screen(width, 1000).setAcceptDownloads(true)), base(), sender, password);

        // The dashboard finds it by a recipient's address and links to its page.
        page.locator("#q").fill(second);
        page.locator("#search button[type=submit]").click();
        page.waitForURL("**q=*");
        assertThat(page.locator("#envelopes").textContent()).contains(name);
        Chromium.checked(page, shot + "-dashboard-search");
        page.locator("#envelopes a", new Page.LocatorOptions().setHasText(name)).click();
        page.waitForURL("**/portal/envelopes/" + id);

        String firstAtSign = "#route-recipient g.current[data-element='Task_Sign']";
        page.waitForSelector(firstAtSign);
        assertThat(page.locator("#route-recipient g[data-element='Task_Sign'] .badge-number")
                        .allTextContents())
                .containsExactly("1");
        assertThat(page.locator("#route-envelope g.current[data-element='CallActivity_Recipient']")
                        .count())
                .isEqualTo(1);
        assertThat(page.locator("#envelope-status").textContent()).isEqualTo("Active");
        assertThat(page.locator("#route-text").textContent())
                .contains("Ada First")
                .contains("now at: Sign");
        assertThat(page.locator("#audit").textContent()).contains("Envelope created", "Invitation sent");
        Chromium.checked(page, shot + "-envelope-active");

        // Ada signs; the page, not reloaded, shows Bo at Sign with his number.
        assertThat(sign(invitationTo(id, first).token()).status()).isEqualTo(204);
        runJobs(id);
        page.waitForFunction(
                "() => [...document.querySelectorAll("
                        + "\"#route-recipient g[data-element='Task_Sign'] .badge-number\")].map(e => e.textContent).join() === '2'");
        assertThat(page.locator("#route-status").textContent()).startsWith("Route updated at");
        Chromium.checked(page, shot + "-envelope-second-group");

        // The person may pause the updates (WCAG 2.2.2).
        page.locator("#route-pause").click();
        assertThat(page.locator("#route-pause").getAttribute("aria-pressed")).isEqualTo("true");
        page.locator("#route-pause").click();

        assertThat(sign(invitationTo(id, second).token()).status()).isEqualTo(204);
        runJobs(id);
        assertThat(status(id)).isEqualTo("COMPLETE");
        page.waitForSelector("#route-envelope g.done[data-element='EndEvent_Completed']");
        assertThat(page.locator("#envelope-status").textContent()).isEqualTo("Complete");
        assertThat(page.locator("#route-recipient g.current").count()).isZero();
        assertThat(page.locator("#route-text-envelope").textContent()).contains("finished: Envelope complete");
        Chromium.checked(page, shot + "-envelope-complete");

        // The actions a complete envelope offers: reload for them, download the pack.
        page.reload();
        Chromium.checked(page, shot + "-envelope-complete-reloaded");
        Download download = page.waitForDownload(() -> page.locator("#download").click());
        Path dir = Files.createTempDirectory("track-pack");
        Map<String, byte[]> pack = unzip(Files.readAllBytes(download.path()));
        assertThat(pack).containsKey("contract.pdf");
        Path pdf = Files.write(dir.resolve("contract.pdf"), pack.get("contract.pdf"));
        String pdfsig = Poppler.pdfsig(dir, pdf, pki.root(Mode.LIVE));
        // Two signers and Signet's seal, each valid and trusted; the document timestamp pdfsig does not check.
        assertThat(Poppler.count(pdfsig, "Signature Type: ETSI.CAdES.detached"))
                .as(pdfsig)
                .isEqualTo(3);
        assertThat(Poppler.count(pdfsig, "Signature Validation: Signature is Valid."))
                .as(pdfsig)
                .isEqualTo(3);
        assertThat(Poppler.count(pdfsig, "Certificate Validation: Certificate is Trusted."))
                .as(pdfsig)
                .isEqualTo(3);
        assertThat(pdfsig).contains("Ada First").contains("Bo Second");

        // The same PDF on the verify page: Signet's own report, valid.
        page.locator("nav.sections a", new Page.LocatorOptions().setHasText("Check a signed PDF"))
                .click();
        page.waitForURL("**/portal/verify");
        Chromium.checked(page, shot + "-verify");
        page.locator("#file").setInputFiles(pdf);
        page.locator("#verify-form button[type=submit]").click();
        page.waitForSelector("#report");
        assertThat(page.locator("#verdict").textContent()).startsWith("Every signature is valid");
        assertThat(page.locator("#report article").count()).isGreaterThanOrEqualTo(3);
        Chromium.checked(page, shot + "-verify-report");

        page.navigate(base() + "/portal/envelopes/" + id + "?lang=de");
        assertThat(page.locator("#envelope-status").textContent()).isEqualTo("Abgeschlossen");
        Chromium.checked(page, shot + "-envelope-de");
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }
}
