package dev.signet.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.signet.Api;
import dev.signet.Chromium;
import dev.signet.Pdfs;
import dev.signet.SignetIntegrationTest;
import dev.signet.envelope.Envelopes;
import dev.signet.envelope.Recipient;
import dev.signet.envelope.RecipientType;
import dev.signet.notification.Smtp;
import dev.signet.tagging.Tag;
import dev.signet.tagging.TagType;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Send in a real headless Chromium, at desktop and tablet widths: a sender uploads a PDF, places one
 * field of every type with the mouse (and a second radio button, a group needs two) and one with the
 * keyboard only, adds two sign groups and a CC, previews and sends; the envelope is ACTIVE with
 * those fields where they were put, the signers sign in turn and the portal shows it COMPLETE.
 * axe-core checks every state of the page on the way.
 */
class SendBrowserTest extends SignetIntegrationTest {

    @RegisterExtension
    static GreenMailExtension mail = Smtp.server();

    @RegisterExtension
    final Chromium chromium = new Chromium();

    @Autowired
    PortalUsers users;

    @Autowired
    Passwords passwords;

    @Autowired
    LoginThrottle throttle;

    @Autowired
    Envelopes envelopes;

    @BeforeEach
    void freshCounts() {
        throttle.clear();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"desktop, 1280, 900", "tablet, 820, 1180"})
    void aSenderPlacesEveryFieldTypeByMouseAndOneByKeyboardAndSends(String device, int width, int height) {
        Tenant tenant = newTenant();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String alice = "alice-" + tag + "@example.com";
        String bob = "bob-" + tag + "@example.com";
        String carol = "carol-" + tag + "@example.com";

        Page page = sendPage(tenant, "sender-" + tag, Chromium.screen(width, height));
        Chromium.checked(page, device + "-send-empty");

        page.locator("#files").setInputFiles(new FilePayload("lease.pdf", "application/pdf", Pdfs.pages(2)));
        page.waitForSelector("#pages[data-ready='2']");
        assertThat(page.locator("#documents").textContent())
                .contains("lease.pdf")
                .contains("2 pages");

        // Two sign groups and a CC, the CC moved up between the signers.
        SendPage.recipient(page, 1).locator("[data-id=name]").fill("Alice Example");
        SendPage.recipient(page, 1).locator("[data-id=email]").fill(alice);
        page.locator("#add-signer").click();
        SendPage.recipient(page, 2).locator("[data-id=name]").fill("Bob Example");
        SendPage.recipient(page, 2).locator("[data-id=email]").fill(bob);
        SendPage.recipient(page, 2).locator("[data-id=group]").selectOption("2");
        page.locator("#add-cc").click();
        SendPage.recipient(page, 3).locator("[data-id=name]").fill("Carol Example");
        SendPage.recipient(page, 3).locator("[data-id=email]").fill(carol);
        SendPage.recipient(page, 3).locator("[data-id=up]").click();
        assertThat(SendPage.recipient(page, 2).locator("legend").textContent())
                .contains("Carol Example")
                .contains("CC");
        Chromium.checked(page, device + "-send-recipients");

        // The mouse: every type from the palette onto page 1, for Alice (the first "For" choice).
        assertThat(page.locator("#place-for option:checked").textContent()).contains("Alice Example");
        SendPage.SPOTS.forEach((type, at) -> SendPage.drop(page, type, at[0], at[1]));
        SendPage.drop(page, "radio_field", 0.30, 0.25);
        page.locator(".tag[data-type=text_field]").first().click();
        page.locator("#prop-help").fill("Your staff number");
        page.locator("#prop-name").fill("staff_number");
        assertThat(page.locator(".page[data-page='1'] .tag").count()).isEqualTo(8);
        Chromium.checked(page, device + "-send-placed");

        // The keyboard only: a text field for Bob, moved with the arrows, widened with Shift + arrows.
        page.locator("#place-for")
                .selectOption(new com.microsoft.playwright.options.SelectOption().setLabel("Recipient 3: Bob Example"));
        page.locator("#place-type").selectOption("text_field");
        page.locator("#place-type").focus();
        for (int i = 0; i < 8; i++) {
            page.keyboard().press("Tab");
        }
        assertThat(page.evaluate("() => document.activeElement.dataset.page")).isEqualTo("1");
        page.keyboard().press("Enter");
        assertThat(page.locator(".tag.candidate").count()).isEqualTo(1);
        for (int i = 0; i < 40; i++) {
            page.keyboard().press("ArrowRight");
        }
        for (int i = 0; i < 50; i++) {
            page.keyboard().press("ArrowDown");
        }
        for (int i = 0; i < 5; i++) {
            page.keyboard().press("Shift+ArrowRight");
        }
        Chromium.checked(page, device + "-send-keyboard-candidate");
        page.keyboard().press("Enter");
        page.waitForFunction("() => document.getElementById('announce').textContent.includes('placed at 50% across')");
        assertThat(page.locator(".tag.candidate").count()).isZero();
        assertThat(page.locator("#field-list").textContent()).contains("Text for Recipient 3: Bob Example");

        page.locator("#envelope-name").fill("Lease " + tag);
        page.locator("#message").fill("Please sign the lease.");
        page.locator("#reminders").selectOption("2");

        // Preview as Alice: only her fields, as she sees them.
        page.locator("#preview-as")
                .selectOption(
                        new com.microsoft.playwright.options.SelectOption().setLabel("Recipient 1: Alice Example"));
        page.locator("#preview-toggle").click();
        assertThat(page.locator(".tag:visible").count()).isEqualTo(8);
        assertThat(page.locator("#preview-summary").textContent())
                .contains("fills 8 fields")
                .contains("Sign here");
        Chromium.checked(page, device + "-send-preview");
        page.locator("#preview-toggle").click();
        assertThat(page.locator(".tag:visible").count()).isEqualTo(9);

        page.locator("#send").click();
        page.waitForSelector("#sent", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.VISIBLE));
        assertThat(page.locator("#sent-text").textContent()).contains("Lease " + tag);
        Chromium.checked(page, device + "-send-sent");
        UUID id = UUID.fromString(page.locator("#sent").getAttribute("data-envelope-id"));

        runJobs(id);
        assertThat(status(id)).isEqualTo("ACTIVE");
        List<Recipient> recipients = envelopes.recipients(id);
        assertThat(recipients)
                .extracting(Recipient::email, Recipient::type, Recipient::signGroup)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(alice, RecipientType.SIGNER, 1),
                        org.assertj.core.groups.Tuple.tuple(carol, RecipientType.CC, null),
                        org.assertj.core.groups.Tuple.tuple(bob, RecipientType.SIGNER, 2));
        UUID aliceId = recipients.get(0).id();
        UUID bobId = recipients.get(2).id();
        List<Tag> tags = envelopes.tags(id);
        List<Tag> alices =
                tags.stream().filter(t -> t.recipientId().equals(aliceId)).toList();
        assertThat(alices).hasSize(8);
        assertThat(alices.stream().map(Tag::type).distinct()).containsExactlyInAnyOrder(TagType.values());
        SendPage.SPOTS.forEach((type, at) -> {
            Tag placed = alices.stream()
                    .filter(t -> t.type().wireName().equals(type))
                    .findFirst()
                    .orElseThrow();
            assertThat(placed.pageNumber()).isEqualTo(1);
            assertThat(placed.x()).as(type + " x").isCloseTo(at[0], within(0.01));
            assertThat(placed.y()).as(type + " y").isCloseTo(at[1], within(0.01));
        });
        assertThat(alices.stream().filter(t -> t.type() == TagType.RADIO_FIELD))
                .hasSize(2)
                .allSatisfy(t -> assertThat(t.tagGroupName()).isEqualTo("choice"));
        Tag staffNumber = alices.stream()
                .filter(t -> t.type() == TagType.TEXT_FIELD)
                .findFirst()
                .orElseThrow();
        assertThat(staffNumber.name()).isEqualTo("staff_number");
        assertThat(staffNumber.attributes().helpText()).isEqualTo("Your staff number");
        Tag bobs = tags.stream()
                .filter(t -> t.recipientId().equals(bobId))
                .findFirst()
                .orElseThrow();
        assertThat(bobs.type()).isEqualTo(TagType.TEXT_FIELD);
        assertThat(bobs.x()).isCloseTo(0.5, within(0.0005));
        assertThat(bobs.y()).isCloseTo(0.6, within(0.0005));
        assertThat(bobs.width()).isCloseTo(0.35, within(0.0005));

        // The signers sign through the recipient API their pages use, group by group; the portal shows COMPLETE.
        assertThat(outbox(id, "INVITATION")).extracting(Message::address).containsExactly(alice);
        submit(invitationTo(id, alice).token());
        runJobs(id);
        submit(invitationTo(id, bob).token());
        runJobs(id);
        assertThat(status(id)).isEqualTo("COMPLETE");
        page.navigate(base() + "/portal/envelopes?status=COMPLETE");
        assertThat(page.locator("#envelopes").textContent())
                .contains("Lease " + tag)
                .contains("Complete");
    }

    @org.junit.jupiter.api.Test
    void theApisRefusalIsShownNextToWhatItNamesAndNothingIsSent() {
        Tenant tenant = newTenant();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Page page = sendPage(tenant, "refused-" + tag, Chromium.screen(1280, 900));
        page.locator("#files").setInputFiles(new FilePayload("lease.pdf", "application/pdf", Pdfs.pages(1)));
        page.waitForSelector("#pages[data-ready='1']");
        SendPage.recipient(page, 1).locator("[data-id=name]").fill("Alice Example");
        SendPage.recipient(page, 1).locator("[data-id=email]").fill("not an address");
        page.locator("#envelope-name").fill("Refused " + tag);
        // A lone radio button: a group needs two.
        SendPage.drop(page, "radio_field", 0.2, 0.2);

        page.locator("#send").click();
        page.waitForSelector("#problems", new Page.WaitForSelectorOptions().setState(WaitForSelectorState.VISIBLE));
        assertThat(page.locator("#problems-intro").textContent()).contains("did not pass validation");
        Locator emailError = SendPage.recipient(page, 1).locator("[data-id=email-error]");
        assertThat(emailError.isVisible()).isTrue();
        assertThat(SendPage.recipient(page, 1).locator("[data-id=email]").getAttribute("aria-invalid"))
                .isEqualTo("true");
        assertThat(page.locator(".tag.invalid[data-type=radio_field]").count()).isEqualTo(1);
        assertThat(page.locator("#field-list").textContent()).contains("needs at least two tags");
        Chromium.checked(page, "send-refused");
        assertThat(jdbc.sql("select count(*) from envelope where organisation_id = ?")
                        .param(tenant.organisationId())
                        .query(Integer.class)
                        .single())
                .isZero();
    }

    /**
     * On a touch tablet (820×1180) the tap that follows a drag with a finger takes effect: a type
     * dragged from the palette onto the page, a placed field moved, a text field made wider, each let
     * go while the finger still moves, then a chip tapped at once is pressed. Chromium makes a fling of
     * such a stroke even where touch-action is none, and took the next tap for one that stops it and
     * dropped it. A tap that shakes a little still chooses a type and a tap on the page places it; a
     * finger swipe on the page outside the fields still scrolls.
     */
    @ParameterizedTest(name = "{0}")
    @CsvSource({"palette", "move", "resize"})
    void theTapAfterAFingerDragIsNotLost(String drag) {
        Tenant tenant = newTenant();
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Page page = sendPage(tenant, "finger-" + tag, Chromium.touch(820, 1180));
        page.locator("#files").setInputFiles(new FilePayload("lease.pdf", "application/pdf", Pdfs.pages(1)));
        page.waitForSelector("#pages[data-ready='1']");
        SendPage.recipient(page, 1).locator("[data-id=name]").fill("Alice Example");
        page.locator(".palette").evaluate("el => el.scrollIntoView({block: 'start'})");

        // A text field chosen with a tap that moves 2 px, placed with a tap on the page.
        Locator text = page.locator(".chip[data-type=text_field]");
        BoundingBox chip = text.boundingBox();
        double cx = chip.x + chip.width / 2;
        double cy = chip.y + chip.height / 2;
        SendPage.fingerStroke(page, cx, cy, cx + 2, cy + 1);
        assertThat(text.getAttribute("aria-pressed")).as("a shaky tap chooses").isEqualTo("true");
        BoundingBox sheet = page.locator(".page[data-page='1']").boundingBox();
        page.touchscreen().tap(sheet.x + 0.1 * sheet.width, sheet.y + 0.3 * sheet.height);
        Locator field = page.locator(".tag[data-type=text_field]");
        assertThat(field.count()).isEqualTo(1);
        assertThat(text.getAttribute("aria-pressed")).isEqualTo("false");
        String placed = field.getAttribute("aria-label");
        assertThat(placed).contains("10% across, 30% down");

        BoundingBox box = field.boundingBox();
        switch (drag) {
            case "palette" -> SendPage.dragWithFinger(page, "initials", 0.5, 0.5);
            case "move" -> {
                double x = box.x + box.width / 2;
                double y = box.y + box.height / 2;
                SendPage.fingerStroke(page, x, y, x + 150, y + 80);
            }
            default -> {
                double x = box.x + box.width - 3;
                double y = box.y + box.height / 2;
                SendPage.fingerStroke(page, x, y, x + 120, y);
            }
        }
        Locator checkbox = page.locator(".chip[data-type=checkbox_field]");
        checkbox.tap();
        assertThat(checkbox.getAttribute("aria-pressed"))
                .as("the tap right after the finger drag chose the checkbox")
                .isEqualTo("true");
        switch (drag) {
            case "palette" ->
                assertThat(page.locator(".tag[data-type=initials]").getAttribute("aria-label"))
                        .contains("50% across, 50% down");
            case "move" -> assertThat(field.getAttribute("aria-label")).isNotEqualTo(placed);
            default -> assertThat(field.boundingBox().width).isGreaterThan(box.width + 60);
        }
        checkbox.tap();
        assertThat(checkbox.getAttribute("aria-pressed")).isEqualTo("false");

        // The page, outside the fields, still scrolls under a finger.
        double before = ((Number) page.evaluate("() => scrollY")).doubleValue();
        sheet = page.locator(".page[data-page='1']").boundingBox();
        double x = sheet.x + 0.3 * sheet.width;
        double y = Math.min(sheet.y + 0.85 * sheet.height, 1100);
        SendPage.fingerStroke(page, x, y, x, y - 300);
        page.waitForFunction("before => scrollY > before + 100", before);
    }

    /** A new sender of the tenant, logged in on the Send page in a new browser, the page's script started. */
    private Page sendPage(Tenant tenant, String who, Browser.NewContextOptions screen) {
        String sender = who + "@example.com";
        String password = "sender passphrase " + who;
        users.create(tenant.organisationId(), sender, Role.SENDER, passwords.hash(password));
        Page page = chromium.open(screen);
        page.setDefaultTimeout(30_000);
        PortalLogin.logIn(page, base(), sender, password);
        page.navigate(base() + "/portal/send");
        page.waitForSelector("body[data-started]");
        return page;
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Signs as the holder of the token: a value for every field that takes one (the attachment is optional). */
    private void submit(String token) {
        JsonNode view = api.get("/v2/signing/" + token, null).json();
        ObjectNode body = JSON.createObjectNode();
        ArrayNode values = body.putArray("tags");
        Set<String> groups = new HashSet<>();
        for (JsonNode t : view.get("tags")) {
            String value = switch (t.get("type").asText()) {
                case "checkbox_field" -> "true";
                case "radio_field" -> groups.add(t.get("tag_group_name").asText()) ? "true" : "false";
                case "text_field" -> "1234";
                case "signature", "initials" ->
                    view.get("recipient").get("name").asText();
                default -> null;
            };
            if (value != null) {
                values.addObject().put("name", t.get("name").asText()).put("value", value);
            }
        }
        Api.Response submitted = api.postJson("/v2/signing/" + token + "/submit", null, body.toString());
        assertThat(submitted.status()).as(submitted.toString()).isLessThan(300);
    }
}
