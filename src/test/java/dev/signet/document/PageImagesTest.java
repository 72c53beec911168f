package dev.signet.document;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import com.itextpdf.forms.PdfAcroForm;
import com.itextpdf.forms.fields.NonTerminalFormFieldBuilder;
import com.itextpdf.forms.fields.PdfFormField;
import com.itextpdf.forms.fields.PdfTextFormField;
import com.itextpdf.forms.fields.TextFormFieldBuilder;
import com.itextpdf.kernel.colors.ColorConstants;
import com.itextpdf.kernel.geom.PageSize;
import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfPage;
import com.itextpdf.kernel.pdf.PdfWriter;
import dev.signet.Pdfs;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Page images: the width asked for, the signer's own fields left out, and hostile pages refused fast. */
class PageImagesTest {

    private final DocumentStore store = mock(DocumentStore.class);
    private final PageImages images = new PageImages(store, Path.of("target"));
    private final UUID id = UUID.randomUUID();

    @AfterEach
    void stop() {
        images.stop();
    }

    @Test
    void theWarmUpPageIsDrawnAndLeavesTheRendererFreeForTheFirstSigner() throws IOException {
        BufferedImage warm = ImageIO.read(
                new ByteArrayInputStream(new PageRenderer(System.nanoTime() + PageImages.WARM_UP_LIMIT.toNanos())
                        .render(PageImages.warmUpPage(), 1, PageImages.MIN_WIDTH, null)
                        .bytes()));
        assertThat(warm.getWidth()).isEqualTo(PageImages.MIN_WIDTH);
        assertThat(greys(warm)).as("the page's box and text are drawn").contains(0);

        images.warmUp();
        document("rev-1", Pdfs.pages(1));
        assertThat(images.render(id, 1, 400, null).width()).isEqualTo(400);
    }

    @Test
    void widthsAreClampedAndRoundedToTheSteps() {
        assertThat(PageImages.bucket(1170)).isEqualTo(1200);
        assertThat(PageImages.bucket(780)).isEqualTo(800);
        assertThat(PageImages.bucket(1299)).isEqualTo(1200);
        assertThat(PageImages.bucket(1300)).isEqualTo(1400);
        assertThat(PageImages.bucket(-5)).isEqualTo(400);
        assertThat(PageImages.bucket(Integer.MAX_VALUE)).isEqualTo(1600);
    }

    @Test
    void aPageIsAPngOfTheWidthAskedForInFourGreysAndIsRenderedOnce() throws IOException {
        document("rev-1", Pdfs.pages(2));
        PageImages.Image image = images.render(id, 2, 777, null);
        BufferedImage decoded = ImageIO.read(new ByteArrayInputStream(image.bytes()));
        assertThat(image.mediaType()).isEqualTo("image/png");
        assertThat(decoded.getWidth()).isEqualTo(800).isEqualTo(image.width());
        assertThat(decoded.getHeight()).isEqualTo(image.height()).isBetween(1130, 1133);
        assertThat(greys(decoded)).isSubsetOf(0, 85, 170, 255).contains(0, 255);

        assertThat(images.render(id, 2, 801, null).bytes()).isSameAs(image.bytes());
        verify(store, times(1)).latest(id);
        document("rev-2", Pdfs.pages(2));
        assertThat(images.render(id, 2, 800, null).bytes())
                .as("a new revision is drawn again")
                .isNotSameAs(image.bytes());
        verify(store, times(2)).latest(id);
    }

    @Test
    void theWidgetsOfTheNamedFieldNodeAreLeftOutAndOthersDrawn() throws IOException {
        document("rev-1", twoOwners());
        BufferedImage all = decode(images.render(id, 1, 595, null));
        BufferedImage withoutMine = decode(images.render(id, 1, 595, "signet.mine"));
        // The widgets are black boxes at (100, 600) and (300, 600) from the bottom left, 100 x 40 pt.
        int y = all.getHeight() - 620 * all.getHeight() / 842;
        assertThat(grey(all, 150, y)).as("mine, drawn when nothing is hidden").isEqualTo(0);
        assertThat(grey(all, 350, y)).as("theirs").isEqualTo(0);
        assertThat(grey(withoutMine, 150, y)).as("mine, left out").isEqualTo(255);
        assertThat(grey(withoutMine, 350, y)).as("theirs, still drawn").isEqualTo(0);
    }

    @Test
    void aPageThatIsNotThereIsNoPage() {
        document("rev-1", Pdfs.pages(1));
        assertRefused(() -> images.render(id, 2, 800, null), PageImages.Refusal.NO_PAGE);
        assertRefused(() -> images.render(id, 0, 800, null), PageImages.Refusal.NO_PAGE);
        when(store.currentSha256(id)).thenReturn(Optional.empty());
        assertRefused(() -> images.render(id, 1, 800, null), PageImages.Refusal.NO_PAGE);
    }

    @Test
    void aLongStripOfAPageIsNotDrawn() {
        byte[] strip = new String(BadPdfs.onePage("", ""), StandardCharsets.ISO_8859_1)
                .replace("/MediaBox [0 0 595 842]", "/MediaBox [0 0 10 14400]")
                .getBytes(StandardCharsets.ISO_8859_1);
        document("rev-2", strip);
        long started = System.nanoTime();
        assertRefused(() -> images.render(id, 1, 1600, null), PageImages.Refusal.NOT_RENDERED);
        assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(2_000);
    }

    @Test
    void deepNestingAnswersFastWithAnImageOrARefusalNeverACrash() {
        for (byte[] pdf : new byte[][] {BadPdfs.deeplyNested(200_000), nestedInTheContent(200_000)}) {
            document("rev-" + pdf.length, pdf);
            long started = System.nanoTime();
            try {
                assertThat(images.render(id, 1, 800, null).width()).isEqualTo(800);
            } catch (PageImages.Refused refused) {
                assertThat(refused.refusal()).isEqualTo(PageImages.Refusal.NOT_RENDERED);
            }
            assertThat((System.nanoTime() - started) / 1_000_000).isLessThan(5_000);
        }
    }

    @Test
    void aPageOfBillionsOfOperatorsStopsAtTheTimeLimit() {
        document("rev-1", formsFannedOut());
        long started = System.nanoTime();
        assertRefused(() -> images.render(id, 1, 800, null), PageImages.Refusal.NOT_RENDERED);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertThat(millis).isBetween(PageImages.TIME_LIMIT.toMillis() - 100, PageImages.TIME_LIMIT.toMillis() + 1_500);
    }

    @Test
    void overTheQueueTheCallerIsToldBusy() throws Exception {
        document("rev-1", formsFannedOut());
        UUID[] others = {UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID()};
        java.util.List<Thread> waiting = new java.util.ArrayList<>();
        // Every stub before any thread calls the mock: Mockito's stubbing is not safe beside calls on other threads.
        for (UUID other : others) {
            when(store.currentSha256(other)).thenReturn(Optional.of("slow"));
            when(store.latest(other)).thenReturn(Optional.of(formsFannedOut()));
        }
        for (UUID other : others) {
            Thread t = new Thread(() -> {
                try {
                    images.render(other, 1, 800, null);
                } catch (PageImages.Refused expected) {
                    // Each of these takes the time limit.
                }
            });
            t.start();
            waiting.add(t);
        }
        // The three are in (one drawn, two waiting) before the fourth asks: no guess at how long threads take to start.
        long until = System.nanoTime() + 3_000_000_000L;
        while (images.inFlight() < 1 + PageImages.QUEUE && System.nanoTime() < until) {
            Thread.sleep(10);
        }
        assertThat(images.inFlight()).isEqualTo(1 + PageImages.QUEUE);
        assertRefused(() -> images.render(id, 1, 800, null), PageImages.Refusal.BUSY);
        for (Thread t : waiting) {
            t.join();
        }
    }

    private void document(String revision, byte[] pdf) {
        when(store.currentSha256(id)).thenReturn(Optional.of(revision));
        when(store.latest(id)).thenReturn(Optional.of(pdf));
    }

    private static void assertRefused(Runnable call, PageImages.Refusal refusal) {
        assertThatThrownBy(call::run)
                .isInstanceOfSatisfying(
                        PageImages.Refused.class, e -> assertThat(e.refusal()).isEqualTo(refusal));
    }

    private static BufferedImage decode(PageImages.Image image) throws IOException {
        return ImageIO.read(new ByteArrayInputStream(image.bytes()));
    }

    private static int grey(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xff;
    }

    private static TreeSet<Integer> greys(BufferedImage image) {
        TreeSet<Integer> seen = new TreeSet<>();
        for (int y = 0; y < image.getHeight(); y += 3) {
            for (int x = 0; x < image.getWidth(); x += 3) {
                seen.add(grey(image, x, y));
            }
        }
        return seen;
    }

    /** Two signers' text fields under signet.mine and signet.theirs, each widget a black box. */
    private static byte[] twoOwners() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PdfDocument pdf = new PdfDocument(new PdfWriter(out))) {
            PdfPage page = pdf.addNewPage(PageSize.A4);
            PdfAcroForm form = PdfAcroForm.getAcroForm(pdf, true);
            PdfFormField root = new NonTerminalFormFieldBuilder(pdf, "signet").createNonTerminalFormField();
            for (String owner : new String[] {"mine", "theirs"}) {
                PdfFormField node = new NonTerminalFormFieldBuilder(pdf, owner).createNonTerminalFormField();
                PdfTextFormField field = new TextFormFieldBuilder(pdf, "value")
                        .setWidgetRectangle(new Rectangle(owner.equals("mine") ? 100 : 300, 600, 100, 40))
                        .setPage(page)
                        .createText();
                field.setValue("x");
                field.getFirstFormAnnotation().setBackgroundColor(ColorConstants.BLACK);
                node.addKid(field);
                root.addKid(node);
            }
            form.addField(root, page);
        }
        return out.toByteArray();
    }

    /** A page whose content stream starts with an operand of arrays nested {@code depth} deep. */
    private static byte[] nestedInTheContent(int depth) {
        RawPdf raw = new RawPdf();
        int catalog = raw.add("<< /Type /Catalog /Pages 2 0 R >>");
        raw.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        raw.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>");
        raw.addStream(
                "<< >>",
                ("[".repeat(depth) + "]".repeat(depth) + " 0 d\n0 0 m 100 100 l S\n")
                        .getBytes(StandardCharsets.US_ASCII));
        return raw.build(catalog);
    }

    /** A page that draws a form 200 times, which draws another 200 times, which draws 3,000 operators. */
    private static byte[] formsFannedOut() {
        RawPdf raw = new RawPdf();
        int catalog = raw.add("<< /Type /Catalog /Pages 2 0 R >>");
        raw.add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>");
        raw.add("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
                + " /Resources << /XObject << /F1 5 0 R >> >> >>");
        raw.addStream("<< >>", "/F1 Do\n".repeat(200).getBytes(StandardCharsets.US_ASCII));
        raw.addStream(
                "<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /XObject << /F2 6 0 R >> >> >>",
                "/F2 Do\n".repeat(200).getBytes(StandardCharsets.US_ASCII));
        raw.addStream(
                "<< /Type /XObject /Subtype /Form /BBox [0 0 595 842] >>",
                "0 0 m 1 1 l S\n".repeat(1000).getBytes(StandardCharsets.US_ASCII));
        return raw.build(catalog);
    }
}
