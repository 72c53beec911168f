package dev.signet.portal;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.signet.Chromium;
import dev.signet.Pdfs;
import dev.signet.SignetIntegrationTest;
import dev.signet.account.Mode;
import dev.signet.notification.OutboxDispatcher;
import dev.signet.notification.Smtp;
import dev.signet.signature.Dss;
import dev.signet.signature.Pki;
import dev.signet.signature.Poppler;
import eu.europa.esig.dss.enumerations.Indication;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.simplereport.SimpleReport;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 16's end-to-end chain in a real headless Chromium, once on a desktop with a mouse and once on
 * a touch tablet: an admin invites a sender by email; the sender sets a password from GreenMail's copy
 * of the invitation and logs in, uploads a PDF, places a field of every type with the pointer (dragged
 * with the mouse; tapped on the tablet, one dragged with a finger) and one with the keyboard alone, adds
 * two sign groups and a CC and sends. Each signer opens their invitation from GreenMail and signs on
 * their signing page, group 2 only invited once group 1 has signed; the sender sees Complete on the
 * dashboard and the route's end reached on the envelope page, downloads the pack through the browser,
 * and every signature of its PDF is PAdES-BASELINE-LTA and TOTAL_PASSED in EU DSS; the CC received the
 * completion email. axe-core checks every page state on the way.
 */
class PortalEndToEndBrowserTest extends SignetIntegrationTest {

    @RegisterExtension
    static GreenMailExtension mail = Smtp.server();

    @RegisterExtension
    final Chromium chromium = new Chromium();

    private static final Pattern PASSWORD_LINK =
            Pattern.compile("http://signet\\.test(/portal/password/[A-Za-z0-9_-]+)");
    private static final Pattern SIGNING_LINK = Pattern.compile("http://signet\\.test(/sign/[A-Za-z0-9_-]+)");

    /** The two ways in: a desktop with a mouse, a tablet (iPad Air's size) with a finger. */
    enum Device {
        DESKTOP(1366, 900, false),
        TABLET(820, 1180, true);

        final int width;
        final int height;
        final boolean touch;

        Device(int width, int height, boolean touch) {
            this.width = width;
            this.height = height;
            this.touch = touch;
        }

        String shot(String state) {
            return "e2e-" + name().toLowerCase(java.util.Locale.ROOT) + "-" + state;
        }
    }

    @Autowired
    PortalUsers users;

    @Autowired
    Passwords passwords;

    @Autowired
    LoginThrottle throttle;

    @Autowired
    OutboxDispatcher dispatcher;

    @Autowired
    Pki pki;

    private long started;

    @BeforeEach
    void freshCounts() {
        throttle.clear();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Device.class)
    void anInvitedSenderSendsEveryFieldTypeTheSignersSignOnTheirPagesAndThePackValidates(Device device)
            throws Exception {
        started = System.nanoTime();
        Tenant tenant = newTenant();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String admin = "admin-" + tag + "@example.com";
        String adminPassword = "admin passphrase " + tag;
        users.create(tenant.organisationId(), admin, Role.ADMIN, passwords.hash(adminPassword));
        String sender = "sender-" + tag + "@example.com";
        String senderPassword = "sender passphrase " + tag;
        String alice = "alice-" + tag + "@example.com";
        String bob = "bob-" + tag + "@example.com";
        String carol = "carol-" + tag + "@example.com";
        String title = "Lease " + tag;

        // The admin invites a sender.
        Page adminPage = open(device);
        logIn(device, adminPage, admin, adminPassword);
        adminPage.navigate(base() + "/portal/organisation");
        Chromium.checked(adminPage, device.shot("organisation"));
        adminPage.locator("#invite-email").fill(sender);
        adminPage.locator("#invite-role").selectOption("sender");
        press(device, adminPage.locator("#invite button[type=submit]"));
        adminPage.waitForSelector("#notice");
        assertThat(adminPage.locator("#notice").textContent()).contains(sender);
        assertThat(adminPage.locator("#users").textContent()).contains(sender).contains("invited");
        Chromium.checked(adminPage, device.shot("organisation-invited"));

        lap(device, "invited");
        // The sender follows the emailed link, sets a password and logs in.
        Page page = open(device);
        page.navigate(base() + linkIn(onlyMessageTo(sender), PASSWORD_LINK));
        Chromium.checked(page, device.shot("password"));
        page.locator("#password").fill(senderPassword);
        page.locator("#confirmation").fill(senderPassword);
        press(device, page.locator("form button[type=submit]"));
        page.waitForURL("**/portal/login?passwordSet");
        logIn(device, page, sender, senderPassword);
        assertThat(page.locator("nav.sections").textContent()).contains("Send").doesNotContain("Organisation");
        Chromium.checked(page, device.shot("envelopes-empty"));

        // Send: a PDF through the file input, two signers in two sign groups and a CC.
        press(device, page.locator("nav.sections a", new Page.LocatorOptions().setHasText("Send")));
        page.waitForSelector("body[data-started]");
        Chromium.checked(page, device.shot("send-empty"));
        page.locator("#files").setInputFiles(new FilePayload("lease.pdf", "application/pdf", Pdfs.pages(2)));
        page.waitForSelector("#pages[data-ready='2']");
        assertThat(page.locator("#documents").textContent())
                .contains("lease.pdf")
                .contains("2 pages");
        SendPage.recipient(page, 1).locator("[data-id=name]").fill("Alice Example");
        SendPage.recipient(page, 1).locator("[data-id=email]").fill(alice);
        press(device, page.locator("#add-signer"));
        SendPage.recipient(page, 2).locator("[data-id=name]").fill("Bob Example");
        SendPage.recipient(page, 2).locator("[data-id=email]").fill(bob);
        SendPage.recipient(page, 2).locator("[data-id=group]").selectOption("2");
        press(device, page.locator("#add-cc"));
        SendPage.recipient(page, 3).locator("[data-id=name]").fill("Carol Example");
        SendPage.recipient(page, 3).locator("[data-id=email]").fill(carol);
        assertThat(SendPage.recipient(page, 3).locator("legend").textContent())
                .contains("Carol Example")
                .contains("CC");
        Chromium.checked(page, device.shot("send-recipients"));

        // Every type for Alice with the pointer, and a second radio button (a group needs two).
        assertThat(page.locator("#place-for option:checked").textContent()).contains("Alice Example");
        SendPage.SPOTS.forEach((type, at) -> placeWithPointer(device, page, type, at[0], at[1]));
        if (device.touch) {
            SendPage.dragWithFinger(page, "radio_field", 0.30, 0.25);
        } else {
            SendPage.drop(page, "radio_field", 0.30, 0.25);
        }
        assertThat(page.locator(".page[data-page='1'] .tag").count()).isEqualTo(8);
        for (var spot : SendPage.SPOTS.entrySet()) {
            assertThat(page.locator(".tag[data-type=" + spot.getKey() + "]")
                            .first()
                            .getAttribute("aria-label"))
                    .as(spot.getKey())
                    .contains("Alice Example")
                    .contains(Math.round(spot.getValue()[0] * 100) + "% across")
                    .contains(Math.round(spot.getValue()[1] * 100) + "% down");
        }
        // The text field selected with the pointer, given a name and help text in the side panel.
        press(device, page.locator(".tag[data-type=text_field]"));
        assertThat(page.locator("#prop-what").textContent()).startsWith("Text for Recipient 1: Alice Example");
        assertInView(page, page.locator("#prop-name"));
        page.locator("#prop-name").fill("staff_number");
        page.locator("#prop-help").fill("Your staff number");
        Chromium.checked(page, device.shot("send-placed"));

        // The keyboard alone: Bob's signature, from the recipient choice to the page and into place.
        page.locator("#place-for").focus();
        page.keyboard().press("ArrowDown");
        assertThat(page.locator("#place-for option:checked").textContent()).contains("Bob Example");
        page.keyboard().press("Tab");
        assertThat(page.evaluate("() => document.activeElement.id")).isEqualTo("place-type");
        page.keyboard().press("Home");
        assertThat(page.locator("#place-type").inputValue()).isEqualTo("signature");
        for (int i = 0; i < 12 && !"1".equals(page.evaluate("() => document.activeElement.dataset.page")); i++) {
            page.keyboard().press("Tab");
        }
        assertThat(page.evaluate("() => document.activeElement.dataset.page")).isEqualTo("1");
        page.keyboard().press("Enter");
        assertThat(page.locator(".tag.candidate").count()).isEqualTo(1);
        for (int i = 0; i < 50; i++) {
            page.keyboard().press("ArrowDown");
        }
        Chromium.checked(page, device.shot("send-keyboard-candidate"));
        page.keyboard().press("Enter");
        page.waitForFunction("() => document.getElementById('announce').textContent"
                + ".includes('Signature for Recipient 2: Bob Example placed at 10% across, 60% down')");
        assertThat(page.locator(".tag.candidate").count()).isZero();
        assertThat(page.locator("#field-list").textContent())
                .contains("Signature for Recipient 2: Bob Example, lease.pdf page 1, 10% across, 60% down");

        page.locator("#envelope-name").fill(title);
        page.locator("#message").fill("Please sign the lease.");
        Chromium.checked(page, device.shot("send-ready"));
        press(device, page.locator("#send"));
        page.waitForSelector("#sent", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.VISIBLE));
        assertThat(page.locator("#sent-text").textContent()).contains(title);
        Chromium.checked(page, device.shot("send-sent"));
        UUID id = UUID.fromString(page.locator("#sent").getAttribute("data-envelope-id"));

        lap(device, "sent");
        // Group 1 is invited; Bob, in group 2, not yet.
        runJobs(id);
        dispatcher.dispatchDue();
        assertThat(Smtp.receivedBy(mail, bob)).isEmpty();
        lap(device, "group 1 invited");
        signAsAlice(device, base() + linkIn(onlyMessageTo(alice), SIGNING_LINK), title);
        runJobs(id);
        dispatcher.dispatchDue();
        lap(device, "group 2 invited");
        signAsBob(device, base() + linkIn(onlyMessageTo(bob), SIGNING_LINK));
        runJobs(id);
        dispatcher.dispatchDue();

        lap(device, "complete");
        // The sender sees it complete on the dashboard and at the end of its route.
        page.navigate(base() + "/portal/envelopes");
        Locator row = page.locator("#envelopes tbody tr", new Page.LocatorOptions().setHasText(title));
        assertThat(row.locator("td").allTextContents()).contains("Complete", "2 of 2");
        Chromium.checked(page, device.shot("envelopes-complete"));
        press(device, row.locator("a"));
        page.waitForURL("**/portal/envelopes/" + id);
        page.waitForSelector("#route-envelope g.done[data-element='EndEvent_Completed']");
        assertThat(page.locator("#envelope-status").textContent()).isEqualTo("Complete");
        assertThat(page.locator("#route-recipient g.current").count()).isZero();
        assertThat(page.locator("#route-text-envelope").textContent()).contains("finished: Envelope complete");
        assertThat(page.locator("#audit-heading").textContent()).isEqualTo("Audit trail");
        assertThat(page.locator("#audit").textContent())
                .contains("Invitation sent", "Signed", "Documents sealed", "Envelope complete");
        Chromium.checked(page, device.shot("envelope-complete"));

        lap(device, "seen complete");
        // The pack, downloaded through the browser: its PDF holds both signatures, each valid in EU DSS.
        Download download = page.waitForDownload(() -> press(device, page.locator("#download")));
        Map<String, byte[]> pack = unzip(Files.readAllBytes(download.path()));
        assertThat(pack).containsKeys("lease.pdf", "coversheet.pdf", "evidence.xml");
        Path dir = Files.createTempDirectory("e2e-pack");
        Path pdf = Files.write(dir.resolve("lease.pdf"), pack.get("lease.pdf"));
        SimpleReport report = Dss.validate(pdf, pki.root(Mode.LIVE)).getSimpleReport();
        assertThat(report.getSignatureIdList())
                .as("Signet's certification, Alice's and Bob's")
                .hasSize(3);
        assertThat(report.getSignatureIdList())
                .extracting(report::getSignedBy)
                .contains("Alice Example", "Bob Example");
        for (String signature : report.getSignatureIdList()) {
            assertThat(report.getSignatureFormat(signature))
                    .as(report.getSignedBy(signature))
                    .isEqualTo(SignatureLevel.PAdES_BASELINE_LTA);
            assertThat(report.getIndication(signature))
                    .as(report.getSignedBy(signature) + " " + report.getSubIndication(signature))
                    .isEqualTo(Indication.TOTAL_PASSED);
        }
        assertThat(Poppler.text(dir, pack.get("lease.pdf"))).contains("E-4711", "AE");

        lap(device, "pack validated");
        // The CC got the completion email.
        assertThat(Smtp.receivedBy(mail, carol))
                .extracting(MimeMessage::getSubject)
                .contains("Completed: " + title);
    }

    /**
     * The single pointer way without dragging (WCAG 2.5.7): a tap (or click) on a type, then on the
     * page where the field goes, places it there; the chip shows it is chosen until then.
     */
    @Test
    void aTapOnATypeAndThenOnThePagePlacesTheFieldWhereTheFingerWas() {
        Tenant tenant = newTenant();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String sender = "tap-" + tag + "@example.com";
        String password = "sender passphrase " + tag;
        users.create(tenant.organisationId(), sender, Role.SENDER, passwords.hash(password));
        Page page = open(Device.TABLET);
        logIn(Device.TABLET, page, sender, password);
        page.navigate(base() + "/portal/send");
        page.waitForSelector("body[data-started]");
        page.locator("#files").setInputFiles(new FilePayload("lease.pdf", "application/pdf", Pdfs.pages(1)));
        page.waitForSelector("#pages[data-ready='1']");
        SendPage.recipient(page, 1).locator("[data-id=name]").fill("Alice Example");

        Locator chip = page.locator(".chip[data-type=initials]");
        assertThat(chip.getAttribute("aria-pressed")).isEqualTo("false");
        chip.tap();
        assertThat(chip.getAttribute("aria-pressed")).isEqualTo("true");
        assertThat(page.locator("#place-type").inputValue()).isEqualTo("initials");
        Chromium.checked(page, "e2e-tap-chosen");
        tapOnPage(page, 0.4, 0.3);
        assertThat(page.locator(".tag").count()).isEqualTo(1);
        assertThat(page.locator(".tag[data-type=initials]").getAttribute("aria-label"))
                .contains("Initials for Recipient 1: Alice Example, lease.pdf page 1, 40% across, 30% down");
        assertThat(chip.getAttribute("aria-pressed")).as("one tap, one field").isEqualTo("false");
        tapOnPage(page, 0.6, 0.6);
        assertThat(page.locator(".tag").count())
                .as("a tap with no type chosen places nothing")
                .isEqualTo(1);

        // A second tap on the chosen type takes the choice back.
        chip.tap();
        chip.tap();
        assertThat(chip.getAttribute("aria-pressed")).isEqualTo("false");
        tapOnPage(page, 0.6, 0.6);
        assertThat(page.locator(".tag").count()).isEqualTo(1);
    }

    /** How long the chain took to reach a step: the chain's time is spent in the browser and the signing jobs. */
    private void lap(Device device, String step) {
        System.out.printf("e2e %s: %s after %.1f s%n", device, step, (System.nanoTime() - started) / 1e9);
    }

    // ---------- the signers ----------

    private void signAsAlice(Device device, String link, String title) {
        Page page = open(device);
        page.navigate(link);
        assertThat(page.locator("h1").textContent()).isEqualTo(title);
        Chromium.checked(page, device.shot("alice-landing"));
        press(device, page.locator("#start"));
        page.locator("#signing[data-ready]").waitFor();
        assertThat(page.locator(".field").count()).isEqualTo(8);
        Chromium.checked(page, device.shot("alice-document"));

        press(device, field(page, "signature_1"));
        press(device, page.locator("input[name=sign-mode][value=draw]"));
        drawSignature(device, page);
        Chromium.checked(page, device.shot("alice-signature-dialog"));
        press(device, page.locator("#field-apply"));
        assertThat(field(page, "signature_1").locator("img").getAttribute("src"))
                .startsWith("data:image/png;base64,");

        press(device, field(page, "initials_1"));
        press(device, page.locator("input[name=sign-mode][value=type]"));
        page.locator("#sign-text").fill("AE");
        press(device, page.locator("#field-apply"));

        press(device, field(page, "staff_number"));
        assertThat(page.locator("#field-dialog").textContent()).contains("Your staff number");
        page.locator("#text-input").fill("E-4711");
        press(device, page.locator("#field-apply"));
        assertThat(field(page, "staff_number").textContent()).isEqualTo("E-4711");

        press(device, field(page, "checkbox_field_1"));
        assertThat(field(page, "checkbox_field_1").getAttribute("aria-pressed")).isEqualTo("true");
        press(device, field(page, "radio_field_2"));
        assertThat(field(page, "radio_field_2").getAttribute("aria-pressed")).isEqualTo("true");
        assertThat(field(page, "date_signed_field_1").textContent()).matches("\\d{4}-\\d{2}-\\d{2}");

        press(device, field(page, "attachment_1"));
        page.locator("#attachment-input")
                .setInputFiles(new FilePayload("payslip.pdf", "application/pdf", Pdfs.pages(1)));
        press(device, page.locator("#field-apply"));
        page.waitForFunction(
                "() => document.getElementById('progress').textContent.includes('All required fields are done')");
        Chromium.checked(page, device.shot("alice-filled"));

        press(device, page.locator("#finish"));
        page.locator("#confirm").waitFor();
        assertThat(page.locator("#summary").textContent()).contains("E-4711", "AE", "payslip.pdf");
        Chromium.checked(page, device.shot("alice-confirm"));
        press(device, page.locator("#submit"));
        page.locator("h1", new Page.LocatorOptions().setHasText("Thank you")).waitFor();
        Chromium.checked(page, device.shot("alice-done"));
    }

    private void signAsBob(Device device, String link) {
        Page page = open(device);
        page.navigate(link);
        Chromium.checked(page, device.shot("bob-landing"));
        press(device, page.locator("#start"));
        page.locator("#signing[data-ready]").waitFor();
        assertThat(page.locator(".field").count()).isEqualTo(1);
        press(device, field(page, "signature_1"));
        press(device, page.locator("input[name=sign-mode][value=type]"));
        page.locator("#sign-text").fill("Bob Example");
        press(device, page.locator("#field-apply"));
        page.waitForFunction(
                "() => document.getElementById('progress').textContent.includes('All required fields are done')");
        press(device, page.locator("#finish"));
        page.locator("#confirm").waitFor();
        Chromium.checked(page, device.shot("bob-confirm"));
        press(device, page.locator("#submit"));
        page.locator("h1", new Page.LocatorOptions().setHasText("Thank you")).waitFor();
        Chromium.checked(page, device.shot("bob-done"));
    }

    private static Locator field(Page page, String name) {
        return page.locator(".field[data-name='" + name + "']");
    }

    /** A signature drawn across the pad: with the mouse, or with a finger on the tablet. */
    private static void drawSignature(Device device, Page page) {
        BoundingBox box = page.locator("#sign-canvas").boundingBox();
        List<double[]> stroke = new ArrayList<>();
        for (int i = 0; i <= 20; i++) {
            stroke.add(new double[] {
                box.x + 20 + i * (box.width - 40) / 20, box.y + box.height * (0.6 + 0.25 * Math.sin(i / 2.0))
            });
        }
        if (device.touch) {
            Chromium.touchStroke(page, stroke);
        } else {
            page.mouse().move(stroke.get(0)[0], stroke.get(0)[1]);
            page.mouse().down();
            stroke.forEach(p -> page.mouse().move(p[0], p[1]));
            page.mouse().up();
        }
    }

    // ---------- the pointer on the Send page ----------

    /** A field placed with the pointer: dragged from the palette with the mouse; on the tablet, tapped. */
    private static void placeWithPointer(Device device, Page page, String type, double x, double y) {
        if (!device.touch) {
            SendPage.drop(page, type, x, y);
            return;
        }
        int before = page.locator(".tag").count();
        page.locator(".chip[data-type=" + type + "]").tap();
        tapOnPage(page, x, y);
        assertThat(page.locator(".tag").count()).as("tapped a " + type).isEqualTo(before + 1);
    }

    /** A tap at (x, y) of page 1, scrolled into view first as a finger would scroll it. */
    private static void tapOnPage(Page page, double x, double y) {
        Locator sheet = page.locator(".page[data-page='1']");
        sheet.evaluate(
                "(el, y) => { const r = el.getBoundingClientRect(); const at = r.top + y * r.height;"
                        + " if (at < 40 || at > innerHeight - 40) window.scrollBy(0, at - innerHeight / 2); }",
                y);
        BoundingBox target = sheet.boundingBox();
        page.touchscreen().tap(target.x + x * target.width, target.y + y * target.height);
    }

    // ---------- browsers, mail and checks ----------

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private Page open(Device device) {
        Page page = chromium.open((device.touch
                        ? Chromium.touch(device.width, device.height)
                        : Chromium.screen(device.width, device.height))
                .setAcceptDownloads(true));
        page.setDefaultTimeout(30_000);
        return page;
    }

    private void logIn(Device device, Page page, String email, String password) {
        page.navigate(base() + "/portal/login");
        Chromium.checked(page, device.shot("login"));
        page.locator("#email").fill(email);
        page.locator("#password").fill(password);
        press(device, page.locator("form.card button[type=submit]"));
        page.waitForURL("**/portal/envelopes");
    }

    /** A button or link pressed as the device's user does: clicked with the mouse, tapped on the tablet. */
    private static void press(Device device, Locator target) {
        if (device.touch) {
            target.tap();
        } else {
            target.click();
        }
    }

    /** The element is on screen as it is: the user sees it beside what they just touched, without scrolling. */
    private static void assertInView(Page page, Locator element) {
        BoundingBox box = element.boundingBox();
        List<?> size = (List<?>) page.evaluate("() => [innerWidth, innerHeight]");
        String where = box.x + "," + box.y + " " + box.width + "x" + box.height + " in " + size;
        assertThat(box.y).as(where).isGreaterThanOrEqualTo(0);
        assertThat(box.y + box.height).as(where).isLessThanOrEqualTo(((Number) size.get(1)).doubleValue());
        assertThat(box.x + box.width).as(where).isLessThanOrEqualTo(((Number) size.get(0)).doubleValue());
    }

    /** The one email GreenMail received for the address (after the due messages were dispatched). */
    private MimeMessage onlyMessageTo(String address) {
        dispatcher.dispatchDue();
        List<MimeMessage> received = Smtp.receivedBy(mail, address);
        assertThat(received).as("emails to " + address).hasSize(1);
        return received.get(0);
    }

    /** The link of the pattern in the email's text, as a path on this test's server. */
    private static String linkIn(MimeMessage message, Pattern link) throws MessagingException {
        String text = Smtp.part(message, "text/plain").orElseThrow();
        Matcher m = link.matcher(text);
        assertThat(m.find()).as(message.getSubject() + ": " + text).isTrue();
        return m.group(1);
    }
}
