package dev.signet;

import com.itextpdf.io.font.constants.StandardFonts;
import com.itextpdf.kernel.font.PdfFontFactory;
import com.itextpdf.kernel.geom.PageSize;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Test documents, made at test time. */
public final class Pdfs {

    private Pdfs() {}

    public static byte[] pages(int count) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (PdfDocument pdf = new PdfDocument(new PdfWriter(out))) {
            for (int i = 1; i <= count; i++) {
                var page = pdf.addNewPage(PageSize.A4);
                new PdfCanvas(page)
                        .beginText()
                        .setFontAndSize(PdfFontFactory.createFont(StandardFonts.HELVETICA), 14)
                        .moveText(72, 760)
                        .showText("Signet test document, page " + i)
                        .endText();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
