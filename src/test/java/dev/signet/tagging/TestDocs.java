package dev.signet.tagging;

import com.itextpdf.io.font.constants.StandardFonts;
import com.itextpdf.kernel.font.PdfFontFactory;
import com.itextpdf.kernel.geom.PageSize;
import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfPage;
import com.itextpdf.kernel.pdf.PdfReader;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Consumer;

/** Documents made at test time, and a way to edit one in memory. */
final class TestDocs {

    private TestDocs() {}

    /** One page per description: its media box, crop box (null = media box) and /Rotate. */
    record PageSpec(Rectangle media, Rectangle crop, int rotation) {}

    static PageSpec a4() {
        return new PageSpec(PageSize.A4, null, 0);
    }

    static byte[] pages(PageSpec... specs) {
        return make(pdf -> {
            for (PageSpec spec : specs) {
                PdfPage page = pdf.addNewPage(new PageSize(spec.media()));
                if (spec.crop() != null) {
                    page.setCropBox(spec.crop());
                }
                page.setRotation(spec.rotation());
                try {
                    new PdfCanvas(page)
                            .beginText()
                            .setFontAndSize(PdfFontFactory.createFont(StandardFonts.HELVETICA), 10)
                            .moveText(spec.media().getLeft() + 80, spec.media().getBottom() + 80)
                            .showText("Signet test page")
                            .endText();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        });
    }

    static byte[] make(Consumer<PdfDocument> content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PdfDocument pdf = new PdfDocument(new PdfWriter(out))) {
            content.accept(pdf);
        }
        return out.toByteArray();
    }

    /** Opens a copy of {@code in} for changes and returns what it became. */
    static byte[] edit(byte[] in, Consumer<PdfDocument> change) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PdfDocument pdf = new PdfDocument(new PdfReader(new ByteArrayInputStream(in)), new PdfWriter(out))) {
            change.accept(pdf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static String pageText(byte[] in, int page) {
        return read(
                in, pdf -> com.itextpdf.kernel.pdf.canvas.parser.PdfTextExtractor.getTextFromPage(pdf.getPage(page)));
    }

    static <T> T read(byte[] in, java.util.function.Function<PdfDocument, T> query) {
        try (PdfDocument pdf = new PdfDocument(new PdfReader(new ByteArrayInputStream(in)))) {
            return query.apply(pdf);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
