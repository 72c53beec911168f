package dev.signet.signing;

import static org.assertj.core.api.Assertions.assertThat;

import com.itextpdf.kernel.colors.ColorConstants;
import com.itextpdf.kernel.geom.PageSize;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Route;
import dev.signet.Api;
import dev.signet.Chromium;
import dev.signet.SignetIntegrationTest;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Page 1 shows at once as the server's image while pdf.js is still on its way, drawn into page 1's
 * canvas; pdf.js's page then takes over the same box, with the fields. pdf.js is held back here by
 * a route until the test lets it through, so "before pdf.js" is a fact, not a race.
 */
class FirstPageImageBrowserTest extends SignetIntegrationTest {

    @RegisterExtension
    final Chromium chromium = new Chromium();

    /** The black box's centre on page 1, as fractions of the page from its top left: x 300–500 pt, y 400–500 pt. */
    private static final double BOX_X = 400.0 / 595;

    private static final double BOX_Y = 450.0 / 842;

    /** Whether the pixel of `.page canvas` (the first) at the box's centre is black. */
    private static final String BOX_IS_BLACK = """
            ([x, y]) => {
              const canvas = document.querySelector('.page canvas');
              if (!canvas || !canvas.width) return false;
              const pixel = canvas.getContext('2d').getImageData(
                  Math.floor(x * canvas.width), Math.floor(y * canvas.height), 1, 1).data;
              return pixel[0] < 40 && pixel[1] < 40 && pixel[2] < 40 && pixel[3] > 200;
            }""";

    @Test
    void pageOneIsShownBeforePdfJsHasLoadedThenTheRealPageTakesItsPlaceWithTheFields() {
        Page page = chromium.phone();
        List<Route> held = new ArrayList<>();
        page.route("**/pdfjs-dist/**", held::add);
        page.navigate(link("first@example.com"));
        page.tap("#start");

        page.waitForFunction(BOX_IS_BLACK, List.of(BOX_X, BOX_Y));
        assertThat(page.evaluate("() => typeof globalThis.pdfjsLib"))
                .as("pdf.js has not run")
                .isEqualTo("undefined");
        assertThat(held).as("pdf.js asked for and held").isNotEmpty();
        assertThat(page.locator("#status").textContent()).isEqualTo("Page 1 is shown; loading the fields\u2026");
        assertThat(page.locator(".page").count()).isEqualTo(1);
        assertThat(page.locator(".page canvas").getAttribute("aria-hidden")).isEqualTo("true");
        assertThat(page.locator(".field").count()).isEqualTo(0);
        assertThat(page.evaluate("() => performance.getEntriesByName('signet:first-page').length"))
                .as("page 1 marked at the image")
                .isEqualTo(1);
        @SuppressWarnings("unchecked")
        Map<String, Object> before = (Map<String, Object>) page.evaluate("""
                () => {
                  const box = document.querySelector('.page');
                  window.imageCanvas = box.querySelector('canvas');
                  window.imageBox = box;
                  const r = box.getBoundingClientRect();
                  return { top: r.top - document.getElementById('pages').getBoundingClientRect().top, width: r.width, height: r.height };
                }""");
        Chromium.checked(page, "first-page-image-phone");

        held.forEach(Route::resume);
        page.route("**/pdfjs-dist/**", Route::resume);
        page.locator("#signing[data-ready]").waitFor();

        assertThat(page.evaluate("() => document.querySelector('.page') === window.imageBox"))
                .as("pdf.js's page 1 took the image's box")
                .isEqualTo(true);
        page.waitForFunction("() => !window.imageCanvas.isConnected");
        @SuppressWarnings("unchecked")
        Map<String, Object> after = (Map<String, Object>) page.evaluate("""
                () => {
                  const box = document.querySelector('.page');
                  const r = box.getBoundingClientRect();
                  return { top: r.top - document.getElementById('pages').getBoundingClientRect().top, width: r.width, height: r.height };
                }""");
        for (String side : List.of("top", "width", "height")) {
            assertThat(number(after, side))
                    .as("no jump inside the pages (the status line above them closes, as it always did): %s", side)
                    .isCloseTo(number(before, side), org.assertj.core.data.Offset.offset(1.5));
        }
        assertThat((Boolean) page.evaluate(BOX_IS_BLACK, List.of(BOX_X, BOX_Y)))
                .as("pdf.js's drawing")
                .isTrue();
        assertThat(page.locator(".page").count()).isEqualTo(2);
        assertThat(page.locator(".page").first().locator(".field").count()).isEqualTo(1);
        assertThat(page.locator("#status").textContent()).isEmpty();
        assertThat(page.evaluate("() => performance.getEntriesByName('signet:first-page').length"))
                .isEqualTo(1);
    }

    @Test
    void whenTheImageFailsThePageLoadsAsBefore() {
        Page page = chromium.phone();
        List<String> images = new ArrayList<>();
        page.route("**/pages/1*", route -> {
            images.add(route.request().url());
            route.fulfill(new Route.FulfillOptions()
                    .setStatus(503)
                    .setContentType("application/json")
                    .setBody("{\"code\":\"PAGE_IMAGES_BUSY\",\"message\":\"busy\",\"errors\":[]}"));
        });
        page.navigate(link("failed@example.com"));
        page.tap("#start");
        page.locator("#signing[data-ready]").waitFor();
        assertThat(images).as("the image was asked for").isNotEmpty();
        assertThat(page.locator(".page").count()).isEqualTo(2);
        assertThat((Boolean) page.evaluate(BOX_IS_BLACK, List.of(BOX_X, BOX_Y))).isTrue();
        assertThat(page.locator(".page").first().locator(".field").count()).isEqualTo(1);
        assertThat(page.evaluate("() => performance.getEntriesByName('signet:first-page').length"))
                .isEqualTo(1);
    }

    private static double number(Map<String, Object> map, String key) {
        return ((Number) map.get(key)).doubleValue();
    }

    private String link(String email) {
        Api.Response created = api.createEnvelope(
                newTenant().sandboxKey(),
                new Options("First page").signer("Fay First", email, 1).toString(),
                Map.of("contract.pdf", boxed()));
        assertThat(created.status()).as("%s", created).isEqualTo(202);
        UUID id = UUID.fromString(created.json().get("envelope_id").asText());
        runJobs(id);
        return "http://127.0.0.1:" + port + "/sign/" + invitationTo(id, email).token();
    }

    /** Two A4 pages; page 1 has a black box at x 300–500 pt, y 400–500 pt from the top. */
    private static byte[] boxed() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PdfDocument pdf = new PdfDocument(new PdfWriter(out))) {
            new PdfCanvas(pdf.addNewPage(PageSize.A4))
                    .setFillColor(ColorConstants.BLACK)
                    .rectangle(300, 842 - 500, 200, 100)
                    .fill();
            pdf.addNewPage(PageSize.A4);
        }
        return out.toByteArray();
    }
}
