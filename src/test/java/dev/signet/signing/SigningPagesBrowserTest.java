package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.Browser;
import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.BoundingBox;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.WaitForSelectorState;
import dev.signet.Api;
import dev.signet.Chromium;
import dev.signet.Pdfs;
import dev.signet.SignetIntegrationTest;
import dev.signet.account.Mode;
import dev.signet.signature.Pki;
import dev.signet.signature.Poppler;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The signing pages in a real headless Chromium (Debian's /usr/bin/chromium): a signer opens the
 * link from their invitation, fills every field type and signs; on a desktop and on a phone.
 */
class SigningPagesBrowserTest extends SignetIntegrationTest {

    @Autowired
    Pki pki;

    @RegisterExtension
    final Chromium chromium = new Chromium();

    private static final int PHONE_WIDTH = 390;
    private static final int PHONE_HEIGHT = 844;

    private BrowserContext context;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    @AfterEach
    void onlySignetWasAsked() {
        if (context != null) {
            context.close();
        }
        String own = base();
        assertThat(requests)
                .isNotEmpty()
                .allSatisfy(url -> assertThat(
                                url.startsWith(own + "/") || url.startsWith("data:") || url.startsWith("blob:"))
                        .as("request to %s", url)
                        .isTrue());
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private Page open(boolean phone) {
        return open(phone ? Chromium.touch(PHONE_WIDTH, PHONE_HEIGHT) : Chromium.screen(1280, 900));
    }

    private Page open(Browser.NewContextOptions options) {
        Page page = chromium.open(options);
        context = page.context();
        context.onRequest(r -> requests.add(r.url()));
        return page;
    }

    /** The element is on screen: the signer sees it without scrolling. */
    private static void assertInViewport(Page page, Locator element) {
        BoundingBox box = element.boundingBox();
        assertThat(box).as("%s is shown", element).isNotNull();
        Object size = page.evaluate("() => [window.innerWidth, window.innerHeight]");
        List<?> wh = (List<?>) size;
        double width = ((Number) wh.get(0)).doubleValue();
        double height = ((Number) wh.get(1)).doubleValue();
        String where = box.x + "," + box.y + " " + box.width + "×" + box.height + " in " + width + "×" + height;
        assertThat(box.height).as(where).isPositive();
        assertThat(box.y).as(where).isGreaterThanOrEqualTo(0);
        assertThat(box.y + box.height).as(where).isLessThanOrEqualTo(height);
        assertThat(box.x).as(where).isGreaterThanOrEqualTo(0);
        assertThat(box.x + box.width).as(where).isLessThanOrEqualTo(width);
    }

    /** The link as the email carries it, pointed at this test's server instead of the public URL. */
    private String linkFromEmail(UUID envelopeId, String email) {
        Message invitation = invitationTo(envelopeId, email);
        assertThat(invitation.text()).contains("http://signet.test/sign/" + invitation.token());
        return base() + "/sign/" + invitation.token();
    }

    private static void shot(Page page, String name, boolean phone) {
        Chromium.screenshot(page, name + (phone ? "-phone" : "-desktop"));
    }

    private static ObjectNode tag(ArrayNode tags, String type, String name, double x, double y) {
        return tags.addObject()
                .put("type", type)
                .put("name", name)
                .put("file_name", "contract.pdf")
                .put("page_number", 1)
                .put("x", x)
                .put("y", y);
    }

    /** One signer with every tag type, a rule that makes company_name required once has_company is ticked. */
    private UUID everyTagType(Tenant tenant, String email) {
        Options options = new Options("Lease of Flat 3");
        ObjectNode signer = options.json()
                .withArray("recipients")
                .addObject()
                .put("name", "Alice Example")
                .put("email", email)
                .put("sign_group", 1);
        ArrayNode tags = signer.putArray("tags");
        tag(tags, "signature", "sig", 0.1, 0.05);
        tag(tags, "initials", "ini", 0.6, 0.05);
        tag(tags, "text_field", "postcode", 0.1, 0.2)
                .put("help_text", "Postcode, e.g. AB1 2CD")
                .putObject("validation")
                .put("regex", "^[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2}$")
                .put("error_message", "Enter a UK postcode");
        tag(tags, "text_field", "reference", 0.5, 0.2)
                .put("prefilled_value", "REF-42")
                .put("readonly", true);
        tag(tags, "checkbox_field", "has_company", 0.1, 0.3).put("optional", true);
        tag(tags, "text_field", "company_name", 0.3, 0.3).put("optional", true);
        tag(tags, "checkbox_field", "agree", 0.1, 0.4);
        tag(tags, "radio_field", "monthly", 0.1, 0.5).put("tag_group_name", "Payment");
        tag(tags, "radio_field", "yearly", 0.3, 0.5).put("tag_group_name", "Payment");
        tag(tags, "date_signed_field", "signed_on", 0.6, 0.6);
        tag(tags, "attachment", "proof", 0.1, 0.7);
        signer.putArray("rules")
                .addObject()
                .put("action", "make_required")
                .putPOJO("affected_tag_names", List.of("company_name"))
                .putArray("conditions")
                .addObject()
                .put("trigger_tag_name", "has_company")
                .put("criteria", "has_value");
        UUID id = create(tenant.sandboxKey(), options.toString());
        runJobs(id);
        return id;
    }

    private static Locator field(Page page, String name) {
        return page.locator(".field[data-name='" + name + "']");
    }

    /**
     * From the landing page into the document: waits for the page's own "ready" marker (page 1 drawn,
     * every field in place and drawn in its font), not for a count or a text that could come first.
     */
    private static void openDocument(Page page) {
        page.click("#start");
        page.locator("#signing[data-ready]").waitFor();
    }

    /**
     * The document's own text is in the accessibility tree (pdf.js's text layer over the canvas), for
     * every page, also one not yet drawn because it is not near the screen.
     */
    private static void assertTheTextIsInTheAccessibilityTree(Page page) {
        page.waitForFunction(
                "() => [...document.querySelectorAll('.textLayer')].every((t) => t.textContent.trim() !== '')");
        assertThat(page.locator("#pages").ariaSnapshot())
                .contains("Signet test document, page 1", "Signet test document, page 2");
    }

    private static void drawSignature(Page page) {
        page.check("input[name=sign-mode][value=draw]");
        BoundingBox box = page.locator("#sign-canvas").boundingBox();
        page.mouse().move(box.x + 20, box.y + box.height * 0.6);
        page.mouse().down();
        for (int i = 1; i <= 20; i++) {
            page.mouse()
                    .move(
                            box.x + 20 + i * (box.width - 40) / 20,
                            box.y + box.height * (0.6 + 0.25 * Math.sin(i / 2.0)));
        }
        page.mouse().up();
    }

    private void signEverything(Page page, boolean phone, UUID envelopeId) {
        page.navigate(linkFromEmail(envelopeId, phone ? "phone@example.com" : "desk@example.com"));
        assertThat(page.locator("h1").textContent()).isEqualTo("Lease of Flat 3");
        assertThat(page.locator("#documents").textContent()).contains("contract.pdf");
        shot(page, "landing", phone);
        Chromium.axe(page, "landing");

        openDocument(page);
        assertThat(page.locator(".field").count()).isEqualTo(11);
        assertThat(page.locator(".page").count()).isEqualTo(2);
        assertTheTextIsInTheAccessibilityTree(page);
        shot(page, "document", phone);
        Chromium.axe(page, "viewer");
        // Fields are named from their tags or help texts, never "Option 1" or "Text 3".
        assertThat(field(page, "has_company").getAttribute("aria-label")).startsWith("Has company, Checkbox");
        assertThat(field(page, "yearly").getAttribute("aria-label")).startsWith("Payment: Yearly, Option");

        field(page, "sig").click();
        drawSignature(page);
        shot(page, "signature-dialog", phone);
        Chromium.axe(page, "signature dialog");
        page.click("#field-apply");
        assertThat(field(page, "sig").locator("img").getAttribute("src")).startsWith("data:image/png;base64,");

        field(page, "ini").click();
        page.check("input[name=sign-mode][value=type]");
        page.fill("#sign-text", "AE");
        page.click("#field-apply");

        field(page, "postcode").click();
        page.fill("#text-input", "not a postcode");
        page.click("#field-apply");
        // The pattern runs in a worker now: its verdict arrives a moment after the click.
        page.waitForFunction("() => document.getElementById('field-error').textContent !== ''");
        assertThat(page.locator("#field-error").textContent()).isEqualTo("Enter a UK postcode");
        page.fill("#text-input", "AB1 2CD");
        page.click("#field-apply");

        assertThat(field(page, "reference").textContent()).isEqualTo("REF-42");
        assertThat(field(page, "company_name").getAttribute("class")).doesNotContain("required");
        field(page, "has_company").click();
        assertThat(field(page, "company_name").getAttribute("class")).contains("required");
        field(page, "company_name").click();
        page.fill("#text-input", "Example Ltd");
        page.click("#field-apply");

        field(page, "agree").click();
        field(page, "yearly").click();
        assertThat(field(page, "signed_on").textContent()).matches("\\d{4}-\\d{2}-\\d{2}");

        field(page, "proof").click();
        page.setInputFiles(
                "#attachment-input", new FilePayload("proof of address.pdf", "application/pdf", Pdfs.pages(1)));
        page.click("#field-apply");
        page.waitForFunction(
                "() => document.getElementById('progress').textContent.includes('All required fields are done')");

        page.click("#finish");
        page.locator("#confirm").waitFor();
        assertThat(page.locator("#summary").textContent()).contains("AB1 2CD", "Example Ltd", "proof of address.pdf");
        shot(page, "confirm", phone);
        Chromium.axe(page, "confirm step");
        page.click("#submit");
        page.waitForURL("**/sign/*?lang=en");
        assertThat(page.locator("h1").textContent()).isEqualTo("Thank you");
        shot(page, "done", phone);
        Chromium.axe(page, "page after signing");
    }

    private Map<String, String> storedValues(UUID envelopeId) {
        Map<String, String> values = new java.util.HashMap<>();
        jdbc.sql(
                        "select t.name, t.tag_value from tag t join recipient r on r.id = t.recipient_id where r.envelope_id = ?")
                .param(envelopeId)
                .query((rs, n) -> values.put(rs.getString("name"), rs.getString("tag_value")))
                .list();
        return values;
    }

    private void assertSignedWithEveryValue(UUID envelopeId, String email) {
        String status = jdbc.sql("select sign_status from recipient where envelope_id = ? and email = ?")
                .params(envelopeId, email)
                .query(String.class)
                .single();
        assertThat(status).isEqualTo("SIGNED");
        Map<String, String> values = storedValues(envelopeId);
        assertThat(values.get("sig")).startsWith("data:image/png;base64,");
        assertThat(values)
                .containsEntry("ini", "AE")
                .containsEntry("postcode", "AB1 2CD")
                .containsEntry("reference", "REF-42")
                .containsEntry("has_company", "true")
                .containsEntry("company_name", "Example Ltd")
                .containsEntry("agree", "true")
                .containsEntry("yearly", "true");
        assertThat(values.get("monthly")).isIn(null, "false");
        assertThat(values.get("signed_on")).matches("\\d{4}-\\d{2}-\\d{2}");
        // The attachment is kept as a file of the envelope; the tag holds its name.
        assertThat(values.get("proof")).isEqualTo("proof of address.pdf");
        byte[] attached = jdbc.sql("select content from envelope_file where envelope_id = ? and kind = 'ATTACHMENT'")
                .param(envelopeId)
                .query((rs, n) -> rs.getBytes(1))
                .single();
        assertThat(new String(attached, 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");
    }

    @Test
    void aSignerFillsEveryFieldTypeDrawsASignatureAndSignsOnADesktop() {
        Tenant tenant = newTenant();
        UUID id = everyTagType(tenant, "desk@example.com");
        signEverything(open(false), false, id);
        assertSignedWithEveryValue(id, "desk@example.com");
        assertTheSignedPdfCarriesTheSignatureAndValues(tenant, id);
    }

    /** The one signer signed, so the envelope completes: the PDF has her signature, valid, and her values. */
    private void assertTheSignedPdfCarriesTheSignatureAndValues(Tenant tenant, UUID id) {
        runJobs(id);
        assertThat(status(id)).isEqualTo("COMPLETE");
        try {
            Map<String, byte[]> pack = completionPack(tenant.sandboxKey(), id);
            assertThat(pack.keySet()).first().isEqualTo("contract.pdf");
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("signed-by-browser");
            java.nio.file.Path pdf = java.nio.file.Files.write(dir.resolve("contract.pdf"), pack.get("contract.pdf"));
            String pdfsig = Poppler.pdfsig(dir, pdf, pki.root(Mode.SANDBOX));
            assertThat(Poppler.count(pdfsig, "Signature Validation: Signature is Valid."))
                    .as(pdfsig)
                    .isEqualTo(2);
            assertThat(pdfsig).contains("Signer Certificate Common Name: Alice Example");
            assertThat(Poppler.text(dir, pack.get("contract.pdf"))).contains("AB1 2CD", "REF-42", "AE");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * On a touch tablet (820×1180, not guided) a signature drawn with a finger is applied by the tap on
     * Apply that follows at once. The finger is lifted while it still moves, as it usually is, which
     * Chromium makes a fling even where touch-action is none; the next tap, taken for one that stops the
     * fling, used to be dropped, and the dialog stayed open with the signature in it.
     */
    @Test
    void aSignatureDrawnWithAFingerIsAppliedByTheNextTap() {
        Tenant tenant = newTenant();
        UUID id = create(
                tenant.sandboxKey(),
                new Options("Lease of Flat 3")
                        .signer("Alice Example", "tablet@example.com", 1)
                        .toString());
        runJobs(id);
        Page page = open(Chromium.touch(820, 1180));
        page.navigate(linkFromEmail(id, "tablet@example.com"));
        page.locator("#start").tap();
        page.locator("#signing[data-ready]").waitFor();
        assertThat(page.locator("#guide").isVisible()).isFalse();
        Locator signature = page.locator(".field");
        assertThat(signature.count()).isEqualTo(1);

        signature.tap();
        page.locator("input[name=sign-mode][value=draw]").tap();
        BoundingBox pad = page.locator("#sign-canvas").boundingBox();
        List<double[]> stroke = new ArrayList<>();
        for (int i = 0; i <= 20; i++) {
            stroke.add(new double[] {
                pad.x + 20 + i * (pad.width - 40) / 20, pad.y + pad.height * (0.6 + 0.25 * Math.sin(i / 2.0))
            });
        }
        Chromium.touchStroke(page, stroke);
        page.locator("#field-apply").tap();

        assertThat(signature.locator("img").getAttribute("src")).startsWith("data:image/png;base64,");
        assertThat(page.locator("#field-dialog").isVisible()).isFalse();
        assertThat(page.locator("#field-error").textContent()).isEmpty();
    }

    /**
     * On a 390×844 touch phone the page guides the signer field by field: each field large in a panel
     * at the bottom with a real label, its place in the page highlighted and in view, Next and Back;
     * a reload halfway loses nothing; after signing the signed document and then the completion pack
     * can be downloaded with the same link.
     */
    @Test
    void onAPhoneTheGuideTakesTheSignerThroughEveryFieldType() throws Exception {
        Tenant tenant = newTenant();
        UUID id = everyTagType(tenant, "phone@example.com");
        Page page = open(true);
        String link = linkFromEmail(id, "phone@example.com");
        page.navigate(link);
        Chromium.axe(page, "landing on a phone");
        openDocument(page);
        assertThat(page.locator("#guide").isVisible()).isTrue();
        assertThat(page.locator(".field").count()).isEqualTo(11);
        assertTheTextIsInTheAccessibilityTree(page);
        assertThat(page.locator(".viewer-head").boundingBox().height)
                .as("a compact toolbar")
                .isLessThan(PHONE_HEIGHT * 0.12);
        assertThat(page.locator("#next-field").isVisible()).isFalse();
        shot(page, "guided", true);
        Chromium.axe(page, "guided mode");

        guideAt(page, "sig", "Sig");
        assertThat(page.locator("#guide-step").textContent()).startsWith("Field 1 of 8 · Signature · required");
        assertThat(page.locator("#guide-back").isDisabled()).isTrue();
        page.click("#guide-edit");
        // An uploaded image is previewed before it is used; here the signer then draws instead.
        page.check("input[name=sign-mode][value=upload]");
        page.setInputFiles("#sign-file", new FilePayload("signature.png", "image/png", png()));
        page.locator("#upload-preview").waitFor();
        assertThat(page.locator("#upload-preview").getAttribute("src")).startsWith("data:image/png;base64,");
        assertPaperRemoved(page.locator("#upload-preview").getAttribute("src"));
        drawSignature(page);
        Chromium.axe(page, "signature dialog on a phone");
        page.click("#field-apply");
        assertThat(page.locator("#guide .guide-value img").getAttribute("src")).startsWith("data:image/png");
        page.click("#guide-next");

        guideAt(page, "ini", "Ini");
        page.click("#guide-edit");
        page.check("input[name=sign-mode][value=type]");
        page.fill("#sign-text", "AE");
        page.click("#field-apply");
        page.click("#guide-next");

        guideAt(page, "postcode", "Postcode, e.g. AB1 2CD");
        page.fill("#guide-input", "not a postcode");
        page.click("#guide-next");
        page.waitForFunction("() => document.getElementById('guide-error').textContent !== ''");
        assertThat(page.locator("#guide-error").textContent()).isEqualTo("Enter a UK postcode");
        assertInViewport(page, page.locator("#guide-error"));
        page.fill("#guide-input", "AB1 2CD");
        page.click("#guide-next");

        guideAt(page, "has_company", "Has company");
        page.locator("#guide .choice").first().tap();
        assertThat(field(page, "company_name").getAttribute("class")).contains("required");
        page.click("#guide-next");
        guideAt(page, "company_name", "Company name");
        page.fill("#guide-input", "Example Ltd");
        page.click("#guide-next");
        guideAt(page, "agree", "Agree");

        // A reload (or a language switch) loses nothing: the values are back, under a key that is not the token.
        String token = invitationTo(id, "phone@example.com").token();
        page.reload();
        openDocument(page);
        assertThat(field(page, "postcode").textContent()).isEqualTo("AB1 2CD");
        assertThat(field(page, "company_name").textContent()).isEqualTo("Example Ltd");
        assertThat(field(page, "ini").textContent()).isEqualTo("AE");
        assertThat(field(page, "has_company").getAttribute("aria-pressed")).isEqualTo("true");
        assertThat(field(page, "sig").locator("img").count()).isEqualTo(1);
        String keys = (String) page.evaluate("() => Object.keys(sessionStorage).join(' ')");
        assertThat(keys).matches("signet\\.values\\.[0-9a-f]{64}").doesNotContain(token);
        assertThat((String) page.evaluate("() => JSON.stringify(sessionStorage)"))
                .doesNotContain(token);
        // So does a language switch, both ways.
        page.click("a[hreflang=de]");
        page.click("#start");
        page.waitForFunction("() => document.getElementById('guide-step').textContent.startsWith('Feld ')");
        assertThat(field(page, "postcode").textContent()).isEqualTo("AB1 2CD");
        page.click("a[hreflang=en]");
        page.click("#start");
        page.waitForFunction("() => document.getElementById('guide-step').textContent.startsWith('Field ')");
        assertThat(field(page, "company_name").textContent()).isEqualTo("Example Ltd");
        // The guide opens at the first required field still empty.
        guideAt(page, "agree", "Agree");
        page.locator("#guide .choice").first().tap();
        page.click("#guide-next");

        guideAt(page, "yearly", "Payment");
        assertThat(field(page, "monthly").getAttribute("class")).contains("current");
        page.locator("#guide .choice", new Page.LocatorOptions().setHasText("Yearly"))
                .tap();
        page.click("#guide-back");
        guideAt(page, "agree", "Agree");
        page.click("#guide-next");
        guideAt(page, "yearly", "Payment");
        assertThat(page.locator("#guide-choice-1").isChecked()).isTrue();
        page.click("#guide-next");

        guideAt(page, "proof", "Proof");
        assertThat(page.locator("#guide-next").textContent()).isEqualTo("Finish");
        page.click("#guide-edit");
        page.setInputFiles(
                "#attachment-input", new FilePayload("proof of address.pdf", "application/pdf", Pdfs.pages(1)));
        page.click("#field-apply");
        page.click("#guide-next");

        page.locator("#confirm").waitFor();
        assertThat(page.locator("#summary").textContent())
                .contains("Yearly", "AB1 2CD", "Example Ltd", "proof of address.pdf", "Has company", "selected");
        Chromium.axe(page, "confirm step on a phone");
        page.click("#submit");
        // The address already ends in ?lang=en after the language switch: wait for the page itself.
        page.locator("h1", new Page.LocatorOptions().setHasText("Thank you")).waitFor();
        assertThat(page.locator("h1").textContent()).isEqualTo("Thank you");
        assertThat(page.evaluate("() => sessionStorage.length")).isEqualTo(0);
        assertThat((Boolean) page.evaluate("() => document.documentElement.scrollWidth <= " + PHONE_WIDTH))
                .isTrue();
        assertSignedWithEveryValue(id, "phone@example.com");
        shot(page, "signed", true);
        Chromium.axe(page, "page after signing, on a phone");

        // The document as it stands, with the link's own authorisation.
        com.microsoft.playwright.Download download = page.waitForDownload(
                () -> page.locator("#signed-documents a[download]").first().click());
        assertThat(download.suggestedFilename()).isEqualTo("contract.pdf");
        byte[] asItStands = java.nio.file.Files.readAllBytes(download.path());
        assertThat(new String(asItStands, 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
                .isEqualTo("%PDF-");
        assertThat(page.locator("#pack").count()).isZero();
        Api.Response early = api.get("/v2/signing/" + token + "/completed-documents", null);
        assertThat(early.status()).as("%s", early).isEqualTo(409);
        assertThat(early.json().get("code").asText()).isEqualTo("ENVELOPE_NOT_COMPLETE");

        // Once complete: the sealed document and the completion pack.
        runJobs(id);
        assertThat(status(id)).isEqualTo("COMPLETE");
        page.reload();
        assertThat(page.locator("h1").textContent()).isEqualTo("Everyone has signed");
        Chromium.axe(page, "completed page with downloads");
        download = page.waitForDownload(
                () -> page.locator("#signed-documents a[download]").first().click());
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("downloaded-by-signer");
        java.nio.file.Path signed = dir.resolve("contract.pdf");
        download.saveAs(signed);
        String pdfsig = Poppler.pdfsig(dir, signed, pki.root(Mode.SANDBOX));
        assertThat(Poppler.count(pdfsig, "Signature Validation: Signature is Valid."))
                .as(pdfsig)
                .isEqualTo(2);
        assertThat(pdfsig).contains("Signer Certificate Common Name: Alice Example");
        download = page.waitForDownload(() -> page.click("#pack"));
        java.util.Set<String> names = new java.util.HashSet<>();
        try (java.util.zip.ZipInputStream zip =
                new java.util.zip.ZipInputStream(java.nio.file.Files.newInputStream(download.path()))) {
            for (java.util.zip.ZipEntry e = zip.getNextEntry(); e != null; e = zip.getNextEntry()) {
                names.add(e.getName());
            }
        }
        assertThat(names).contains("contract.pdf");
    }

    /**
     * The uploaded image (a blue line from 5,30 to 115,10 on a white 120 × 40 sheet) is trimmed to the
     * line with a 2 px margin and its white paper is transparent: no white box in the PDF.
     */
    private static void assertPaperRemoved(String dataUrl) {
        java.awt.image.BufferedImage image =
                png(java.util.Base64.getDecoder().decode(dataUrl.substring(dataUrl.indexOf(',') + 1)));
        assertThat(image.getColorModel().hasAlpha()).isTrue();
        assertThat(image.getWidth()).isCloseTo(115, org.assertj.core.api.Assertions.within(2));
        assertThat(image.getHeight()).isCloseTo(25, org.assertj.core.api.Assertions.within(2));
        assertThat(image.getRGB(0, 0) >>> 24).as("a corner, paper").isZero();
        int opaque = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int argb = image.getRGB(x, y);
                if ((argb >>> 24) > 16) {
                    opaque++;
                    int light = Math.min(Math.min((argb >> 16) & 0xff, (argb >> 8) & 0xff), argb & 0xff);
                    assertThat(light)
                            .as("a visible pixel at %d,%d is ink, not paper", x, y)
                            .isLessThan(235);
                }
            }
        }
        assertThat(opaque).as("the line is kept").isGreaterThan(100);
    }

    private static byte[] png() {
        try {
            java.awt.image.BufferedImage image =
                    new java.awt.image.BufferedImage(120, 40, java.awt.image.BufferedImage.TYPE_INT_RGB);
            java.awt.Graphics2D g = image.createGraphics();
            g.setColor(java.awt.Color.WHITE);
            g.fillRect(0, 0, 120, 40);
            g.setColor(java.awt.Color.BLUE);
            g.drawLine(5, 30, 115, 10);
            g.dispose();
            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            javax.imageio.ImageIO.write(image, "png", out);
            return out.toByteArray();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * The guide shows this field (or radio group) under this label, highlighted in the page and in
     * view between the toolbar and the guide, with tap targets of at least 44×44 CSS px.
     */
    private static void guideAt(Page page, String name, String label) {
        page.waitForFunction(
                "n => [...document.querySelectorAll('.field.current')].some((e) => e.dataset.name === n)", name);
        assertThat(page.locator("#guide-label").textContent()).isEqualTo(label);
        BoundingBox shown = field(page, name).boundingBox();
        BoundingBox head = page.locator(".viewer-head").boundingBox();
        BoundingBox guide = page.locator("#guide").boundingBox();
        String where = name + " at " + shown.y + "+" + shown.height + ", head ends " + (head.y + head.height)
                + ", guide starts " + guide.y;
        assertThat(shown.y).as(where).isGreaterThanOrEqualTo(head.y + head.height - 1);
        assertThat(shown.y + shown.height).as(where).isLessThanOrEqualTo(guide.y + 1);
        for (Locator target :
                page.locator("#guide button, #guide .choice, #guide input.big").all()) {
            if (target.isVisible()) {
                BoundingBox b = target.boundingBox();
                assertThat(Math.min(b.width, b.height))
                        .as("tap target %s", target)
                        .isGreaterThanOrEqualTo(44);
            }
        }
    }

    private UUID simple(Tenant tenant, String email, boolean allowDecline) {
        Options options = new Options("Simple NDA");
        options.json().put("allow_decline", allowDecline);
        ObjectNode signer = options.json()
                .withArray("recipients")
                .addObject()
                .put("name", "Kim Keys")
                .put("email", email)
                .put("sign_group", 1);
        ArrayNode tags = signer.putArray("tags");
        tag(tags, "signature", "sig", 0.1, 0.1);
        tag(tags, "text_field", "city", 0.1, 0.3).put("help_text", "Your city");
        tag(tags, "checkbox_field", "agree", 0.1, 0.4);
        tag(tags, "date_signed_field", "signed_on", 0.5, 0.5);
        UUID id = create(tenant.sandboxKey(), options.toString());
        runJobs(id);
        return id;
    }

    /** Presses Tab (or Shift+Tab) until the element with this id has the focus. */
    private static void tabTo(Page page, String id, boolean backwards) {
        for (int i = 0; i < 60; i++) {
            if (id.equals(page.evaluate("() => document.activeElement && document.activeElement.id"))) {
                return;
            }
            page.keyboard().press(backwards ? "Shift+Tab" : "Tab");
        }
        throw new AssertionError("Tab never reached #" + id);
    }

    /**
     * A sender's pattern that is valid RE2 but exponential for JavaScript's backtracking RegExp must
     * not freeze the signer's browser (issue 11, point 4): the page gives up on it and the server,
     * linear in time, decides on submit.
     */
    @Test
    void aPatternThatWouldFreezeTheBrowserIsLeftToTheServer() {
        Tenant tenant = newTenant();
        Options options = new Options("Pattern");
        ObjectNode signer = options.json()
                .withArray("recipients")
                .addObject()
                .put("name", "Pat Example")
                .put("email", "pattern@example.com")
                .put("sign_group", 1);
        ArrayNode tags = signer.putArray("tags");
        tag(tags, "signature", "sig", 0.1, 0.05);
        tag(tags, "text_field", "code", 0.1, 0.2)
                .putObject("validation")
                .put("regex", "^(a|a)*$")
                .put("error_message", "Only the letter a");
        UUID id = create(tenant.sandboxKey(), options.toString());
        runJobs(id);
        Page page = open(false);
        page.navigate(linkFromEmail(id, "pattern@example.com"));
        openDocument(page);
        assertThat(page.locator(".field").count()).isEqualTo(2);

        field(page, "code").click();
        page.fill("#text-input", "a".repeat(40) + "!");
        long start = System.nanoTime();
        page.click("#field-apply");
        page.locator("#field-dialog").waitFor(new Locator.WaitForOptions().setState(WaitForSelectorState.HIDDEN));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(millis).as("the dialog answered in %d ms", millis).isLessThan(5_000);
        // The page still responds, and the server's verdict is the one that counts.
        assertThat(page.evaluate("() => 1 + 1")).isEqualTo(2);
        Api.Response refused = api.postJson(
                "/v2/signing/" + invitationTo(id, "pattern@example.com").token() + "/submit",
                null,
                "{\"tags\":[{\"name\":\"sig\",\"value\":\"Pat\"},{\"name\":\"code\",\"value\":\"" + "a".repeat(40)
                        + "!\"}]}");
        assertThat(refused.status()).as("%s", refused).isEqualTo(422);
        assertThat(refused.text()).contains("Only the letter a");
    }

    @Test
    void aSignerSignsWithTheKeyboardAlone() {
        Tenant tenant = newTenant();
        UUID id = simple(tenant, "keys@example.com", false);
        Page page = open(false);
        page.navigate(linkFromEmail(id, "keys@example.com"));
        tabTo(page, "start", false);
        page.keyboard().press("Enter");
        page.waitForFunction("() => document.activeElement.id === 'next-field'");
        page.locator("#signing[data-ready]").waitFor();

        // Finish too early: the message at the top says why, the focus goes to the first field still empty.
        tabTo(page, "finish", false);
        page.keyboard().press("Enter");
        assertThat(page.locator("#status").textContent()).isEqualTo("Some required fields are still empty.");
        assertInViewport(page, page.locator("#status"));
        assertThat(page.evaluate("() => document.activeElement.dataset.name")).isEqualTo("sig");
        page.keyboard().press("Enter");
        page.waitForFunction("() => document.activeElement.id === 'sign-text'");
        page.keyboard().type("Kim Keys");
        page.keyboard().press("Enter");
        page.waitForFunction("() => !document.getElementById('field-dialog').open");
        // Applied: the focus is back on the field it came from, the message is gone.
        assertThat(page.evaluate("() => document.activeElement.dataset.name")).isEqualTo("sig");
        assertThat(page.locator("#status").textContent()).isEmpty();

        tabTo(page, "next-field", true);
        page.keyboard().press("Enter");
        assertThat(page.evaluate("() => document.activeElement.dataset.name")).isEqualTo("city");
        page.keyboard().press("Enter");
        page.keyboard().type("Leeds");
        page.keyboard().press("Enter");

        tabTo(page, "next-field", true);
        page.keyboard().press("Enter");
        assertThat(page.evaluate("() => document.activeElement.dataset.name")).isEqualTo("agree");
        page.keyboard().press("Space");
        assertThat(field(page, "agree").getAttribute("aria-pressed")).isEqualTo("true");

        tabTo(page, "finish", true);
        page.keyboard().press("Enter");
        page.waitForFunction("() => document.activeElement.id === 'confirm-title'");
        tabTo(page, "submit", false);
        page.keyboard().press("Enter");
        page.waitForURL("**/sign/*?lang=en");

        Map<String, String> values = storedValues(id);
        assertThat(values)
                .containsEntry("sig", "Kim Keys")
                .containsEntry("city", "Leeds")
                .containsEntry("agree", "true");
    }

    @Test
    void aRuleMakesAFieldRequiredOnThePageAndTheServerHoldsToIt() {
        Tenant tenant = newTenant();
        UUID id = everyTagType(tenant, "rules@example.com");
        String token = invitationTo(id, "rules@example.com").token();
        Page page = open(false);
        page.navigate(base() + "/sign/" + token);
        openDocument(page);
        assertThat(page.locator(".field").count()).isEqualTo(11);
        String before = page.locator("#progress").textContent();
        field(page, "has_company").click();
        assertThat(field(page, "company_name").getAttribute("class")).contains("required");
        assertThat(page.locator("#progress").textContent()).isNotEqualTo(before);
        assertThat(field(page, "company_name").getAttribute("aria-label")).contains("required");

        // Everything else filled, company_name left empty: the page will not finish, the server refuses.
        field(page, "sig").click();
        page.fill("#sign-text", "Alice Example");
        page.click("#field-apply");
        page.click("#finish");
        assertThat(page.locator("#confirm").isHidden()).isTrue();
        assertThat(page.locator("#status").textContent()).contains("Some required fields are still empty");

        String body = """
                {"tags":[{"name":"sig","value":"Alice"},{"name":"ini","value":"AE"},{"name":"postcode","value":"AB1 2CD"},
                 {"name":"reference","value":"REF-42"},{"name":"has_company","value":"true"},{"name":"agree","value":"true"},
                 {"name":"monthly","value":"true"},{"name":"yearly","value":"false"},
                 {"name":"proof","value":"data:application/pdf;name=a.pdf;base64,%s"}]}""".formatted(java.util.Base64.getEncoder().encodeToString(Pdfs.pages(1)));
        var refused = api.postJson("/v2/signing/" + token + "/submit", null, body);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("errors").toString()).contains("company_name", "is required");
    }

    @Test
    void anExpiredLinkOffersANewOneAndEmailsIt() {
        for (boolean phone : new boolean[] {false, true}) {
            Tenant tenant = newTenant();
            String email = phone ? "late-phone@example.com" : "late@example.com";
            UUID id = simple(tenant, email, false);
            String link = linkFromEmail(id, email);
            jdbc.sql("update signing_token set expires_at = ?, created_at = ? where recipient_id in "
                            + "(select id from recipient where envelope_id = ?)")
                    .params(
                            OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1),
                            OffsetDateTime.now(ZoneOffset.UTC).minusDays(3),
                            id)
                    .update();
            Page page = open(phone);
            page.navigate(link);
            assertThat(page.locator("h1").textContent()).isEqualTo("This link has expired");
            assertThat(outbox(id, "INVITATION")).hasSize(1);
            shot(page, "expired", phone);
            Chromium.axe(page, "expired link page");

            page.waitForNavigation(() -> page.click("form button[type=submit]"));
            assertThat(page.url()).as(page.content()).endsWith("/sign/link-requested?lang=en");
            assertThat(page.locator("h1").textContent()).isEqualTo("Check your email");
            shot(page, "link-requested", phone);
            List<Message> invitations = outbox(id, "INVITATION");
            assertThat(invitations).hasSize(2);
            assertThat(api.get("/v2/signing/" + invitations.get(1).token(), null)
                            .status())
                    .isEqualTo(200);
            context.close();
            context = null;
        }
    }

    @Test
    void aSignerDeclinesWithAReasonAndTheEnvelopeSaysSoAfterwards() {
        Tenant tenant = newTenant();
        UUID id = simple(tenant, "no@example.com", true);
        Page page = open(false);
        String link = linkFromEmail(id, "no@example.com");
        page.navigate(link);
        page.click("#decline-open");
        assertThat((Boolean) page.evaluate("() => document.getElementById('decline-dialog').open"))
                .isTrue();
        page.click("#decline-submit");
        assertThat(page.locator("#decline-error").textContent())
                .isEqualTo("Give a reason for declining (1 to 500 characters). The sender will see it.");
        page.fill("#decline-reason", "The rent is wrong");
        shot(page, "decline", false);
        page.click("#decline-submit");
        page.waitForURL("**/sign/*?lang=en");
        assertThat(page.locator("h1").textContent()).isEqualTo("You declined to sign");
        assertThat(status(id)).isEqualTo("DECLINED");
        shot(page, "declined", false);
        Chromium.axe(page, "page after declining");

        Page phone = context.newPage();
        phone.setViewportSize(PHONE_WIDTH, PHONE_HEIGHT);
        phone.navigate(link + "?lang=de");
        assertThat(phone.locator("h1").textContent()).isEqualTo("Sie haben die Unterschrift abgelehnt");
        shot(phone, "declined", true);
    }

    /** Decline is in the viewer too, behind a confirmation; cancelling it changes nothing. On a desktop and a phone. */
    @ParameterizedTest(name = "phone: {0}")
    @ValueSource(booleans = {false, true})
    void aSignerDeclinesFromTheViewerAfterConfirming(boolean phone) {
        Tenant tenant = newTenant();
        UUID id = simple(tenant, "viewer-no@example.com", true);
        Page page = open(phone);
        page.navigate(linkFromEmail(id, "viewer-no@example.com"));
        openDocument(page);
        assertThat(page.locator(".field").count()).isEqualTo(4);
        assertThat(page.locator("#guide").isVisible()).isEqualTo(phone);
        page.click("#decline-viewer");
        page.locator("#decline-dialog").waitFor();
        assertInViewport(page, page.locator("#decline-submit"));
        Chromium.axe(page, "decline dialog");
        page.click("#decline-submit");
        assertThat(page.locator("#decline-error").textContent()).startsWith("Give a reason for declining");
        assertThat(page.locator("#decline-reason").getAttribute("aria-invalid")).isEqualTo("true");
        page.click("#decline-back");
        assertThat((Boolean) page.evaluate("() => document.getElementById('decline-dialog').open"))
                .isFalse();
        assertThat(page.evaluate("() => document.activeElement.id")).isEqualTo("decline-viewer");
        assertThat(status(id)).isEqualTo("ACTIVE");

        page.click("#decline-viewer");
        page.fill("#decline-reason", "Wrong name on page 2");
        page.click("#decline-submit");
        page.waitForURL("**/sign/*?lang=en");
        assertThat(page.locator("h1").textContent()).isEqualTo("You declined to sign");
        assertThat(status(id)).isEqualTo("DECLINED");
    }

    /**
     * Values survive a reload, and after signing the signer downloads the signed document with the
     * link's own authorisation; on a desktop (page view) and on a phone (guided mode).
     */
    @ParameterizedTest(name = "phone: {0}")
    @ValueSource(booleans = {false, true})
    void aReloadKeepsTheValuesAndTheSignedDocumentIsDownloaded(boolean phone) throws Exception {
        Tenant tenant = newTenant();
        UUID id = simple(tenant, "reload@example.com", false);
        Page page = open(phone);
        page.navigate(linkFromEmail(id, "reload@example.com"));
        openDocument(page);
        if (phone) {
            guideAt(page, "sig", "Sig");
            page.click("#guide-edit");
            page.fill("#sign-text", "Kim Keys");
            page.click("#field-apply");
            page.click("#guide-next");
            guideAt(page, "city", "Your city");
            page.fill("#guide-input", "Leeds");
            page.click("#guide-next");
            guideAt(page, "agree", "Agree");
        } else {
            field(page, "sig").click();
            page.fill("#sign-text", "Kim Keys");
            page.click("#field-apply");
            field(page, "city").click();
            page.fill("#text-input", "Leeds");
            page.click("#field-apply");
        }
        page.reload();
        openDocument(page);
        assertThat(field(page, "sig").locator(".typed").textContent()).isEqualTo("Kim Keys");
        // Under the signature, the caption the signed PDF will have: the name and the day.
        assertThat(field(page, "sig").locator(".caption").textContent())
                .matches("Kim Keys  ·  \\d{1,2} [A-Z][a-z]{2} \\d{4}");
        assertThat(field(page, "city").textContent()).isEqualTo("Leeds");
        if (phone) {
            guideAt(page, "agree", "Agree");
            page.locator("#guide .choice").first().tap();
            page.click("#guide-next");
        } else {
            field(page, "agree").click();
            page.click("#finish");
        }
        page.locator("#confirm").waitFor();
        assertThat(page.locator("#summary").textContent()).contains("Kim Keys", "Leeds");
        page.click("#submit");
        page.locator("h1", new Page.LocatorOptions().setHasText("Thank you")).waitFor();
        runJobs(id);
        page.reload();
        assertThat(page.locator("h1").textContent()).isEqualTo("Everyone has signed");
        com.microsoft.playwright.Download download = page.waitForDownload(
                () -> page.locator("#signed-documents a[download]").first().click());
        assertThat(download.suggestedFilename()).isEqualTo("contract.pdf");
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("downloaded-after-signing");
        java.nio.file.Path signed = dir.resolve("contract.pdf");
        download.saveAs(signed);
        String pdfsig = Poppler.pdfsig(dir, signed, pki.root(Mode.SANDBOX));
        assertThat(Poppler.count(pdfsig, "Signature Validation: Signature is Valid."))
                .as(pdfsig)
                .isEqualTo(2);
        assertThat(pdfsig).contains("Signer Certificate Common Name: Kim Keys");
        assertThat(Poppler.text(dir, java.nio.file.Files.readAllBytes(signed))).contains("Leeds");
    }

    /**
     * A refused submit (409: the same signer signed meanwhile in another tab) says what happened and
     * what to do next, at the top of the viewport, never below the last page; an invalid link's page
     * passes axe too.
     */
    @Test
    void aRefusedSubmitIsExplainedWhereTheSignerLooks() {
        Tenant tenant = newTenant();
        UUID id = simple(tenant, "twice@example.com", false);
        Page page = open(false);
        String link = linkFromEmail(id, "twice@example.com");
        page.navigate(link);
        openDocument(page);
        assertThat(page.locator("#next-field.primary").count()).isEqualTo(1);
        assertThat(page.locator("#finish.primary").count()).isZero();
        assertThat(page.locator("#progress").textContent()).isEqualTo("0 of 3 required fields done");

        page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)");
        page.click("#finish");
        assertThat(page.locator("#status").textContent()).isEqualTo("Some required fields are still empty.");
        assertInViewport(page, page.locator("#status"));
        assertThat(page.locator("#status-reload").isVisible())
                .as("reloading helps nothing here")
                .isFalse();
        Chromium.axe(page, "viewer with an error");

        field(page, "sig").click();
        page.fill("#sign-text", "Kim Keys");
        page.click("#field-apply");
        field(page, "city").click();
        page.fill("#text-input", "Leeds");
        page.click("#field-apply");
        field(page, "agree").click();
        assertThat(page.locator("#finish.primary").count()).isEqualTo(1);
        assertThat(page.locator("#next-field.primary").count()).isZero();
        assertThat(page.locator("#status").textContent()).isEmpty();

        Api.Response elsewhere = api.postJson(
                "/v2/signing/" + invitationTo(id, "twice@example.com").token() + "/submit",
                null,
                "{\"tags\":[{\"name\":\"sig\",\"value\":\"Kim\"},{\"name\":\"city\",\"value\":\"York\"},"
                        + "{\"name\":\"agree\",\"value\":\"true\"}]}");
        assertThat(elsewhere.status()).as("%s", elsewhere).isEqualTo(204);
        page.click("#finish");
        page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)");
        page.click("#submit");
        page.waitForFunction("() => document.getElementById('message').classList.contains('error')");
        String said = page.locator("#status").textContent();
        assertThat(said)
                .startsWith("These documents cannot be signed with this link any more:")
                .contains("already signed")
                .endsWith("Reload the page to see where they stand.")
                .doesNotContain("Signing failed");
        page.evaluate("() => window.scrollTo(0, document.body.scrollHeight)");
        assertInViewport(page, page.locator("#status"));
        assertInViewport(page, page.locator("#status-reload"));
        Chromium.axe(page, "viewer after a refused submit");
        page.click("#status-reload");
        page.waitForURL("**/sign/*?lang=en");
        assertThat(page.locator("h1").textContent()).isEqualTo("Thank you");

        page.navigate(base() + "/sign/not-a-real-token");
        assertThat(page.locator("h1").textContent()).isEqualTo("This link is not valid");
        Chromium.axe(page, "invalid link page");
    }

    /**
     * A field that would cross the page's edge is fitted inside the page when the document is
     * prepared; the page shows each field where the PDF has its widget, within 3 px, not where the
     * tag's point alone would put it (a signature at x 0.949 used to be drawn from 0.949 of the width).
     */
    @Test
    void fieldsAtThePagesEdgeAreShownWhereThePdfHasThem() throws Exception {
        Tenant tenant = newTenant();
        Options options = new Options("Edge of the page");
        ObjectNode signer = options.json()
                .withArray("recipients")
                .addObject()
                .put("name", "Edna Edge")
                .put("email", "edge@example.com")
                .put("sign_group", 1);
        ArrayNode tags = signer.putArray("tags");
        tag(tags, "signature", "sig", 0.949, 0.949);
        tag(tags, "initials", "ini", 0.949, 0.5);
        tag(tags, "date_signed_field", "date", 0.9, 0.1);
        tag(tags, "text_field", "note", 0.5, 0.949).put("width", 0.45);
        tag(tags, "checkbox_field", "tick", 0.949, 0.2);
        tag(tags, "radio_field", "left", 0.5, 0.3).put("tag_group_name", "Side");
        tag(tags, "radio_field", "right", 0.949, 0.3).put("tag_group_name", "Side");
        tag(tags, "attachment", "proof", 0.949, 0.7);
        UUID id = create(tenant.sandboxKey(), options.toString());
        runJobs(id);

        String token = invitationTo(id, "edge@example.com").token();
        String documentId = api.get("/v2/signing/" + token, null)
                .json()
                .get("documents")
                .get(0)
                .get("id")
                .asText();
        byte[] prepared = api.get("/v2/signing/" + token + "/documents/" + documentId, null)
                .bytes();
        Map<String, float[]> widgets = new java.util.HashMap<>();
        float[] crop;
        try (com.itextpdf.kernel.pdf.PdfDocument pdf = new com.itextpdf.kernel.pdf.PdfDocument(
                new com.itextpdf.kernel.pdf.PdfReader(new java.io.ByteArrayInputStream(prepared)))) {
            com.itextpdf.kernel.geom.Rectangle c = pdf.getPage(1).getCropBox();
            crop = new float[] {c.getLeft(), c.getTop(), c.getWidth(), c.getHeight()};
            for (Map.Entry<String, com.itextpdf.forms.fields.PdfFormField> f :
                    com.itextpdf.forms.PdfAcroForm.getAcroForm(pdf, false)
                            .getAllFormFields()
                            .entrySet()) {
                String partial = f.getKey().substring(f.getKey().lastIndexOf('.') + 1);
                for (com.itextpdf.kernel.pdf.annot.PdfWidgetAnnotation widget :
                        f.getValue().getWidgets()) {
                    String name;
                    if (partial.contains("~")) {
                        name = partial.substring(0, partial.indexOf('~'));
                    } else if (partial.startsWith("group:")) {
                        // A radio button: its name is the state it turns on.
                        name =
                                widget
                                        .getAppearanceDictionary()
                                        .getAsDictionary(com.itextpdf.kernel.pdf.PdfName.N)
                                        .keySet()
                                        .stream()
                                        .map(com.itextpdf.kernel.pdf.PdfName::getValue)
                                        .filter(v -> !v.equals("Off"))
                                        .findFirst()
                                        .orElseThrow();
                    } else {
                        continue;
                    }
                    com.itextpdf.kernel.geom.Rectangle r = widget.getRectangle().toRectangle();
                    widgets.put(name, new float[] {r.getLeft(), r.getTop(), r.getWidth(), r.getHeight()});
                }
            }
        }
        assertThat(widgets).containsOnlyKeys("sig", "ini", "date", "note", "tick", "left", "right", "proof");
        // The signature was moved: it ends on the page's right and bottom edges, keeping its 180 × 50 pt.
        assertThat(widgets.get("sig")[0] + widgets.get("sig")[2])
                .isCloseTo(crop[0] + crop[2], org.assertj.core.api.Assertions.within(0.01f));
        assertThat(widgets.get("sig")[2]).isEqualTo(180f);

        Page page = open(false);
        page.navigate(base() + "/sign/" + token);
        openDocument(page);
        assertThat(page.locator(".field").count()).isEqualTo(8);
        BoundingBox sheet = page.locator(".page").first().boundingBox();
        double scale = sheet.width / crop[2];
        for (Map.Entry<String, float[]> w : widgets.entrySet()) {
            float[] r = w.getValue();
            BoundingBox shown = field(page, w.getKey()).boundingBox();
            String what = w.getKey() + " shown at " + shown.x + "," + shown.y + " " + shown.width + "×" + shown.height;
            assertThat(shown.x)
                    .as(what)
                    .isCloseTo(sheet.x + (r[0] - crop[0]) * scale, org.assertj.core.api.Assertions.within(3.0));
            assertThat(shown.y)
                    .as(what)
                    .isCloseTo(sheet.y + (crop[1] - r[1]) * scale, org.assertj.core.api.Assertions.within(3.0));
            assertThat(shown.width).as(what).isCloseTo(r[2] * scale, org.assertj.core.api.Assertions.within(3.0));
            assertThat(shown.height).as(what).isCloseTo(r[3] * scale, org.assertj.core.api.Assertions.within(3.0));
            assertThat(shown.x + shown.width)
                    .as(what + " inside the page")
                    .isLessThanOrEqualTo(sheet.x + sheet.width + 1);
            assertThat(shown.y + shown.height)
                    .as(what + " inside the page")
                    .isLessThanOrEqualTo(sheet.y + sheet.height + 1);
        }
        shot(page, "edge", false);
    }

    /**
     * What you see is what you sign: the overlay draws a text value, a typed signature and the caption
     * under it where, at the size and in the font, the signed PDF has them (the PDF rendered by pdftoppm
     * at the page's scale, compared ink box to ink box); a read-only prefilled value is drawn once, by
     * the overlay only. Also on pages turned by /Rotate, which pdftoppm shows turned as a reader does.
     */
    @ParameterizedTest(name = "/Rotate {0}")
    @ValueSource(ints = {0, 90, 180, 270})
    void theOverlayDrawsValuesWhereTheSignedPdfHasThem(int rotation) throws Exception {
        Tenant tenant = newTenant();
        Options options = new Options("Lease of Flat 3");
        ObjectNode signer = options.json()
                .withArray("recipients")
                .addObject()
                .put("name", "Wes Wysiwyg")
                .put("email", "wes@example.com")
                .put("sign_group", 1);
        ArrayNode tags = signer.putArray("tags");
        tag(tags, "text_field", "city", 0.1, 0.45);
        tag(tags, "text_field", "reference", 0.1, 0.55)
                .put("prefilled_value", "REF-77")
                .put("readonly", true);
        tag(tags, "signature", "sig", 0.5, 0.65);
        Api.Response created = api.createEnvelope(
                tenant.sandboxKey(), options.toString(), Map.of("contract.pdf", turnedPages(rotation)));
        assertThat(created.status()).as("%s", created).isEqualTo(202);
        UUID id = UUID.fromString(created.json().get("envelope_id").asText());
        runJobs(id);

        Page page = open(false);
        page.navigate(linkFromEmail(id, "wes@example.com"));
        openDocument(page);
        assertThat(page.locator(".field").count()).isEqualTo(3);
        field(page, "city").click();
        page.fill("#text-input", "Edinburgh");
        page.click("#field-apply");
        field(page, "sig").click();
        page.check("input[name=sign-mode][value=type]");
        page.fill("#sign-text", "Wes Wysiwyg");
        page.click("#field-apply");
        // Only the values: the fields' frames, tints and focus ring are made transparent.
        page.evaluate(
                "() => { document.activeElement.blur(); document.querySelectorAll('.field').forEach((e) => {"
                        + " e.style.borderColor = 'transparent'; e.style.background = 'transparent'; e.style.outline = 'none'; }); }");
        page.waitForTimeout(300);
        Locator sheet = page.locator(".page").first();
        BoundingBox at = sheet.boundingBox();
        double crop = ((Number) page.evaluate("() => document.querySelector('.page').offsetWidth")).doubleValue();
        double[] city = box(field(page, "city").boundingBox(), at);
        double[] sig = box(field(page, "sig").boundingBox(), at);
        double[] reference = box(field(page, "reference").boundingBox(), at);
        java.awt.image.BufferedImage shown = png(sheet.screenshot());
        int[] shownCity = ink(shown, city, 0);
        int[] shownSig = ink(shown, sig, 0);
        org.assertj.core.api.SoftAssertions softly = new org.assertj.core.api.SoftAssertions();
        softly.assertThat(ink(shown, reference, 0))
                .as("the prefilled value, drawn by the overlay")
                .isNotNull();
        page.evaluate("() => document.querySelector(\".field[data-name='reference']\").style.visibility = 'hidden'");
        page.waitForTimeout(100);
        softly.assertThat(ink(png(sheet.screenshot()), reference, 0))
                .as("the PDF's own appearance of the prefilled value, hidden under the overlay")
                .isNull();

        page.click("#finish");
        page.locator("#confirm").waitFor();
        page.click("#submit");
        page.waitForURL("**/sign/*?lang=en");
        runJobs(id);
        byte[] signed = completionPack(tenant.sandboxKey(), id).get("contract.pdf");
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("wysiwys");
        java.nio.file.Path pdf = java.nio.file.Files.write(dir.resolve("signed.pdf"), signed);
        float width;
        try (com.itextpdf.kernel.pdf.PdfDocument doc = new com.itextpdf.kernel.pdf.PdfDocument(
                new com.itextpdf.kernel.pdf.PdfReader(new java.io.ByteArrayInputStream(signed)))) {
            com.itextpdf.kernel.pdf.PdfPage first = doc.getPage(1);
            assertThat(first.getRotation()).isEqualTo(rotation);
            // The width the reader sees: a page turned by 90 or 270 shows its height across.
            width = rotation % 180 == 0
                    ? first.getCropBox().getWidth()
                    : first.getCropBox().getHeight();
        }
        double scale = crop / width;
        Poppler.run(
                "pdftoppm",
                "-r",
                String.valueOf(72 * scale),
                "-f",
                "1",
                "-l",
                "1",
                "-png",
                "-singlefile",
                pdf.toString(),
                dir.resolve("page").toString());
        java.awt.image.BufferedImage printed =
                javax.imageio.ImageIO.read(dir.resolve("page.png").toFile());
        // Under the signature both have the caption (name and date) in the bottom 10.5 pt of the box. ink()
        // leaves 3 px of a box's edges out; the caption's box starts 3 px higher, so that what is scanned is
        // those 10.5 pt: on a page shown small (a turned A4 page is landscape, 1.1 px a point) the 3 px were
        // half the caption's height, and the two measurements clipped it differently.
        double caption = 10.5 * scale;
        double[] under = {sig[0], sig[1] + sig[3] - caption - 3, sig[2], caption + 3};
        assertSameBox(softly, "text field", shownCity, ink(printed, city, 0));
        assertSameBox(softly, "typed signature", ink(shown, sig, caption), ink(printed, sig, caption));
        // The caption is grey and 6 pt: on a page shown at 1.1 px a point its strokes are a pixel wide, and
        // pdftoppm smooths them lighter than Chromium does, so few of its pixels are darker than mid-grey.
        // Any ink counts there: the box holds only the caption.
        assertSameBox(softly, "caption under the signature", ink(shown, under, 0, 224), ink(printed, under, 0, 224));
        softly.assertThat(shownSig).as("the typed signature on the page").isNotNull();
        softly.assertAll();
    }

    /** Two A4 pages turned by /Rotate, with a line of text in a corner that no field of the test covers. */
    private static byte[] turnedPages(int rotation) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (com.itextpdf.kernel.pdf.PdfDocument pdf =
                new com.itextpdf.kernel.pdf.PdfDocument(new com.itextpdf.kernel.pdf.PdfWriter(out))) {
            for (int i = 1; i <= 2; i++) {
                com.itextpdf.kernel.pdf.PdfPage page = pdf.addNewPage(com.itextpdf.kernel.geom.PageSize.A4);
                page.setRotation(rotation);
                new com.itextpdf.kernel.pdf.canvas.PdfCanvas(page)
                        .beginText()
                        .setFontAndSize(
                                com.itextpdf.kernel.font.PdfFontFactory.createFont(
                                        com.itextpdf.io.font.constants.StandardFonts.HELVETICA),
                                10)
                        .moveText(30, 30)
                        .showText("Turned page " + i)
                        .endText();
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static double[] box(BoundingBox b, BoundingBox sheet) {
        return new double[] {b.x - sheet.x, b.y - sheet.y, b.width, b.height};
    }

    private static java.awt.image.BufferedImage png(byte[] bytes) {
        try {
            return javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(bytes));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The box of the dark pixels inside the field's box (3 px in from its edges, less `bottom` px): x1, y1, x2, y2. */
    private static int[] ink(java.awt.image.BufferedImage image, double[] box, double bottom) {
        return ink(image, box, bottom, 128);
    }

    /** The box of the pixels darker than {@code threshold} (0-255) inside {@code box}, 3 px in from its edges. */
    private static int[] ink(java.awt.image.BufferedImage image, double[] box, double bottom, int threshold) {
        int x1 = Integer.MAX_VALUE;
        int y1 = Integer.MAX_VALUE;
        int x2 = -1;
        int y2 = -1;
        int right = (int) Math.min(image.getWidth(), box[0] + box[2] - 3);
        int low = (int) Math.min(image.getHeight(), box[1] + box[3] - 3 - bottom);
        for (int y = (int) Math.max(0, box[1] + 3); y < low; y++) {
            for (int x = (int) Math.max(0, box[0] + 3); x < right; x++) {
                int rgb = image.getRGB(x, y);
                int light = (((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff)) / 3;
                if (light < threshold) {
                    x1 = Math.min(x1, x);
                    y1 = Math.min(y1, y);
                    x2 = Math.max(x2, x);
                    y2 = Math.max(y2, y);
                }
            }
        }
        return x2 < 0 ? null : new int[] {x1, y1, x2, y2};
    }

    private static void assertSameBox(
            org.assertj.core.api.SoftAssertions softly, String what, int[] shown, int[] printed) {
        assertThat(shown).as(what + " on the page").isNotNull();
        assertThat(printed).as(what + " in the signed PDF").isNotNull();
        String both =
                what + ": page " + java.util.Arrays.toString(shown) + ", PDF " + java.util.Arrays.toString(printed);
        for (int i = 0; i < 4; i++) {
            softly.assertThat(shown[i]).as(both).isCloseTo(printed[i], org.assertj.core.api.Assertions.within(3));
        }
    }
}
