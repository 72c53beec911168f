package dev.signet.signature;

import com.itextpdf.forms.PdfAcroForm;
import com.itextpdf.forms.fields.PdfFormField;
import com.itextpdf.forms.fields.SignatureFormFieldBuilder;
import com.itextpdf.forms.fields.TextFormFieldBuilder;
import com.itextpdf.io.font.constants.StandardFonts;
import com.itextpdf.kernel.font.PdfFontFactory;
import com.itextpdf.kernel.geom.PageSize;
import com.itextpdf.kernel.geom.Rectangle;
import com.itextpdf.kernel.pdf.PdfDocument;
import com.itextpdf.kernel.pdf.PdfPage;
import com.itextpdf.kernel.pdf.PdfWriter;
import com.itextpdf.kernel.pdf.canvas.PdfCanvas;
import java.io.IOException;
import java.nio.file.Path;

/** Test documents, made with iText at test time: pages of text and empty form fields. */
final class TestPdfs {

    private TestPdfs() {}

    /**
     * {@code pages} pages; on the last, for each name, an empty signature field and a text field
     * {@code <name>-date} beside it, which signing the signature field locks.
     */
    static Path withSignatureFields(Path file, int pages, String... signatureFields) throws IOException {
        try (PdfDocument pdf = new PdfDocument(new PdfWriter(file.toString()))) {
            var font = PdfFontFactory.createFont(StandardFonts.HELVETICA);
            for (int i = 1; i <= pages; i++) {
                PdfPage page = pdf.addNewPage(PageSize.A4);
                PdfCanvas canvas = new PdfCanvas(page);
                canvas.beginText()
                        .setFontAndSize(font, 12)
                        .moveText(72, 770)
                        .showText("Signet test agreement, page " + i + " of " + pages)
                        .endText();
                for (int line = 0; line < 30; line++) {
                    canvas.beginText()
                            .setFontAndSize(font, 10)
                            .moveText(72, 740 - line * 20)
                            .showText("Clause " + i + "." + line + ": the parties agree to what this line says.")
                            .endText();
                }
            }
            PdfAcroForm form = PdfAcroForm.getAcroForm(pdf, true);
            PdfPage last = pdf.getPage(pages);
            float y = 80;
            for (String name : signatureFields) {
                PdfFormField signature = new SignatureFormFieldBuilder(pdf, name)
                        .setWidgetRectangle(new Rectangle(72, y, 200, 50))
                        .setPage(last)
                        .createSignature();
                form.addField(signature, last);
                PdfFormField date = new TextFormFieldBuilder(pdf, name + "-date")
                        .setWidgetRectangle(new Rectangle(300, y, 150, 20))
                        .setPage(last)
                        .createText();
                date.setValue("");
                form.addField(date, last);
                y += 60;
            }
            for (String name : signatureFields) {
                FieldLocks.define(pdf, name, java.util.List.of(name + "-date"));
            }
        }
        return file;
    }
}
