package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.itextpdf.kernel.geom.PageSize;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;
import com.itextpdf.kernel.pdf.xobject.PdfFormXObject;
import dev.signet.Api;
import dev.signet.SignetIntegrationTest;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.OffsetDateTime;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

/**
 * Page images over HTTP, on the whole service: the first page a signer sees before the viewer has
 * loaded. Behind the same gates as the document, of the width asked for, without the signer's own
 * prefilled values (their page draws those) but with everyone else's, and a hostile revision is
 * refused with the error body, fast.
 */
class PageImagesHttpTest extends SignetIntegrationTest {

    /** Where the two signers' prefilled text fields sit on page 1, as fractions of the page. */
    private static final double MINE_X = 0.1;

    private static final double THEIRS_X = 0.55;
    private static final double FIELD_Y = 0.3;

    @Test
    void aSignerSeesEveryonesValuesButTheirOwnAtTheWidthTheyAskedFor() throws IOException {
        UUID envelope = twoSigners();
        String ann = invitationTo(envelope, "ann@example.com").token();
        String bob = invitationTo(envelope, "bob@example.com").token();
        UUID document = documentOf(envelope);

        Api.Response forAnn = api.get(page(ann, document, 1) + "?width=1170", null);
        assertThat(forAnn.status()).as("%s", forAnn).isEqualTo(200);
        assertThat(forAnn.header("Content-Type")).isEqualTo("image/png");
        assertThat(forAnn.header("Cache-Control")).isEqualTo("no-store");
        assertThat(forAnn.header("X-Content-Type-Options")).isEqualTo("nosniff");
        BufferedImage annSees = decode(forAnn);
        assertThat(annSees.getWidth()).as("1170 rounds to the 1200 step").isEqualTo(1200);
        assertThat(annSees.getHeight()).isBetween(1696, 1699);
        assertThat(inkInField(annSees, MINE_X))
                .as("Ann's own value, left to her page")
                .isZero();
        assertThat(inkInField(annSees, THEIRS_X)).as("Bob's value").isGreaterThan(100);

        BufferedImage bobSees = decode(api.get(page(bob, document, 1) + "?width=300", null));
        assertThat(bobSees.getWidth()).as("clamped to the narrowest").isEqualTo(400);
        assertThat(inkInField(bobSees, THEIRS_X)).as("Bob's own value").isZero();
        assertThat(inkInField(bobSees, MINE_X)).as("Ann's value").isGreaterThan(10);
        assertThat(decode(api.get(page(bob, document, 2) + "?width=99999", null))
                        .getWidth())
                .isEqualTo(1600);
        assertThat(decode(api.get(page(bob, document, 2), null)).getWidth())
                .as("no width: the middle")
                .isEqualTo(800);
    }

    @Test
    void theDocumentsGatesApply() {
        UUID envelope = twoSigners();
        String ann = invitationTo(envelope, "ann@example.com").token();
        UUID document = documentOf(envelope);
        UUID other = twoSigners();
        UUID otherDocument = documentOf(other);

        assertError(api.get(page(ann, otherDocument, 1), null), 404, "NOT_FOUND");
        assertError(api.get(page(ann, document, 3), null), 404, "PAGE_NOT_FOUND");
        assertError(api.get(page(ann, document, 0), null), 404, "PAGE_NOT_FOUND");
        assertError(
                api.get("/v2/signing/" + ann + "/documents/" + document + "/pages/one", null),
                400,
                "MALFORMED_REQUEST");
        assertError(api.get(page(ann, document, 1) + "?width=wide", null), 400, "MALFORMED_REQUEST");
        assertError(api.get(page("not-a-token", document, 1), null), 404, "LINK_NOT_FOUND");

        jdbc.sql("update signing_token set expires_at = ? where recipient_id in"
                        + " (select id from recipient where envelope_id = ?)")
                .params(OffsetDateTime.now().minusMinutes(1), envelope)
                .update();
        assertError(api.get(page(ann, document, 1), null), 410, "LINK_EXPIRED");

        String key = newTenant().sandboxKey();
        ObjectNode options = new Options("With a code")
                .signer("Olive Otp", "olive@example.com", 1)
                .json()
                .put("has_envelope_otps", true);
        ((ObjectNode) options.get("recipients").get(0))
                .put("iso_country_code", "GB")
                .put("mobile_number", "7999999999");
        UUID withOtp = create(key, options.toString());
        runJobs(withOtp);
        String olive = invitationTo(withOtp, "olive@example.com").token();
        assertError(api.get(page(olive, documentOf(withOtp), 1), null), 403, "OTP_REQUIRED");
    }

    @Test
    void aHostileRevisionIsRefusedFastWithTheErrorBody() {
        UUID envelope = twoSigners();
        String ann = invitationTo(envelope, "ann@example.com").token();
        UUID document = documentOf(envelope);

        replaceRevision(document, manyOperators(), "hostile-operators");
        long started = System.nanoTime();
        assertError(api.get(page(ann, document, 1), null), 422, "PAGE_NOT_RENDERED");
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms").isLessThan(6_000);

        replaceRevision(document, strip(), "hostile-strip");
        started = System.nanoTime();
        assertError(api.get(page(ann, document, 1) + "?width=1600", null), 422, "PAGE_NOT_RENDERED");
        assertThat((System.nanoTime() - started) / 1_000_000).as("ms").isLessThan(2_000);

        replaceRevision(document, "%PDF-1.7 not really".getBytes(), "hostile-garbage");
        assertError(api.get(page(ann, document, 1), null), 422, "PAGE_NOT_RENDERED");
    }

    @Test
    void aTokenGetsAtMostTwentyImagesAMinute() {
        UUID envelope = twoSigners();
        String bob = invitationTo(envelope, "bob@example.com").token();
        UUID document = documentOf(envelope);
        for (int i = 0; i < PageImageLimit.LIMIT; i++) {
            assertThat(api.get(page(bob, document, 1), null).status()).isEqualTo(200);
        }
        Api.Response limited = api.get(page(bob, document, 1), null);
        assertError(limited, 429, "RATE_LIMITED");
        assertThat(limited.header("Retry-After")).isNotBlank();
    }

    private UUID twoSigners() {
        String key = newTenant().sandboxKey();
        ObjectNode root = JSON.createObjectNode().put("name", "Page images");
        ArrayNode recipients = root.putArray("recipients");
        signer(recipients, "Ann Able", "ann@example.com", MINE_X);
        signer(recipients, "Bob Baker", "bob@example.com", THEIRS_X);
        UUID envelope = create(key, root.toString());
        runJobs(envelope);
        return envelope;
    }

    private static void signer(ArrayNode recipients, String name, String email, double x) {
        ArrayNode tags = recipients
                .addObject()
                .put("name", name)
                .put("email", email)
                .put("sign_group", 1)
                .putArray("tags");
        tags.addObject()
                .put("type", "signature")
                .put("file_name", "contract.pdf")
                .put("page_number", 2)
                .put("x", x)
                .put("y", 0.5);
        tags.addObject()
                .put("name", "reference")
                .put("type", "text_field")
                .put("file_name", "contract.pdf")
                .put("page_number", 1)
                .put("x", x)
                .put("y", FIELD_Y)
                .put("width", 0.3)
                .put("prefilled_value", "WWWWWWWWWWWW")
                .put("readonly", true);
    }

    private UUID documentOf(UUID envelope) {
        return jdbc.sql("select id from document where envelope_id = ?")
                .param(envelope)
                .query(UUID.class)
                .single();
    }

    private void replaceRevision(UUID document, byte[] pdf, String digest) {
        jdbc.sql("update document set signed_content = ?, signed_sha256 = ? where id = ?")
                .params(pdf, digest, document)
                .update();
    }

    private static String page(String token, UUID document, int page) {
        return "/v2/signing/" + token + "/documents/" + document + "/pages/" + page;
    }

    private static void assertError(Api.Response response, int status, String code) {
        assertThat(response.status()).as("%s", response).isEqualTo(status);
        assertThat(response.json().get("code").asText()).as("%s", response).isEqualTo(code);
        assertThat(response.json().get("message").asText()).isNotBlank();
    }

    private static BufferedImage decode(Api.Response response) {
        assertThat(response.status()).as("%s", response).isEqualTo(200);
        try {
            return ImageIO.read(new ByteArrayInputStream(response.bytes()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** Dark pixels inside a text field of width 0.3 at (x, FIELD_Y), 20 pt high on an A4 page. */
    private static int inkInField(BufferedImage image, double x) {
        int left = (int) Math.round(x * image.getWidth());
        int right = (int) Math.round((x + 0.3) * image.getWidth());
        int top = (int) Math.round(FIELD_Y * image.getHeight());
        int bottom = (int) Math.round((FIELD_Y + 20.0 / 842) * image.getHeight());
        int ink = 0;
        for (int y = top; y < bottom; y++) {
            for (int px = left; px < right; px++) {
                if ((image.getRGB(px, y) & 0xff) < 128) {
                    ink++;
                }
            }
        }
        return ink;
    }

    /** A page that draws a form 200 times, which draws another 200 times, which has 3,000 operators. */
    private static byte[] manyOperators() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PdfDocument pdf = new PdfDocument(new PdfWriter(out))) {
            PdfFormXObject lines = new PdfFormXObject(PageSize.A4);
            PdfCanvas inner = new PdfCanvas(lines, pdf);
            for (int i = 0; i < 1000; i++) {
                inner.moveTo(0, 0).lineTo(1, 1).stroke();
            }
            PdfFormXObject many = new PdfFormXObject(PageSize.A4);
            PdfCanvas middle = new PdfCanvas(many, pdf);
            for (int i = 0; i < 200; i++) {
                middle.addXObjectAt(lines, 0, 0);
            }
            PdfCanvas page = new PdfCanvas(pdf.addNewPage(PageSize.A4));
            for (int i = 0; i < 200; i++) {
                page.addXObjectAt(many, 0, 0);
            }
        }
        return out.toByteArray();
    }

    /** A page 10 pt wide and 14,400 pt long: at 1,600 px wide, 2.3 billion pixels. */
    private static byte[] strip() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PdfDocument pdf = new PdfDocument(new PdfWriter(out))) {
            pdf.addNewPage(new PageSize(10, 14400));
        }
        return out.toByteArray();
    }
}
